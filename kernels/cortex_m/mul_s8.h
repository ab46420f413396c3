// Quantized elementwise multiply with CMSIS-NN arithmetic (arm_elementwise_mul_s8).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

struct MulParams {
  int32_t a_offset;  // -zero_point of a
  int32_t b_offset;
  int32_t output_offset;
  Requant output_requant;
  Activation activation;
};

// out = clamp(requant((a + a_offset) * (b + b_offset), output_requant) + output_offset,
//             activation), over a broadcast walk (operands a, b, out).
void mul_s8(const MulParams& params, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out);

}  // namespace cortex_m
}  // namespace wick
