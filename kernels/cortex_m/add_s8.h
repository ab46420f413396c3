// Quantized elementwise add with CMSIS-NN arithmetic (arm_elementwise_add_s8).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

struct AddParams {
  int32_t a_offset;  // -zero_point of a
  Requant a_requant;
  int32_t b_offset;
  Requant b_requant;
  int32_t left_shift;  // applied to both inputs first; 20 for int8
  int32_t output_offset;
  Requant output_requant;
  Activation activation;
};

// out = clamp(requant(requant((a + a_offset) << left_shift, a_requant) +
//                     requant((b + b_offset) << left_shift, b_requant), output_requant)
//             + output_offset, activation), over a broadcast walk (operands a, b, out).
void add_s8(const AddParams& params, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out);

}  // namespace cortex_m
}  // namespace wick
