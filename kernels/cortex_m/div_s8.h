// Quantized elementwise division. CMSIS-NN has no integer division, so
// ExecuTorch evaluates the quotient in float: this reproduces that.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

struct DivParams {
  int32_t a_zero_point;
  int32_t b_zero_point;
  int32_t output_zero_point;
  float scale;  // scale_a / (scale_b * scale_out)
};

// out = clamp(round_half_away(float(a - a_zp) / float(b - b_zp) * scale) + out_zp,
//             -128, 127); a zero denominator gives a zero quotient.
void div_s8(const DivParams& params, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out);

}  // namespace cortex_m
}  // namespace wick
