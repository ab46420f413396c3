// int8 2-D pooling with CMSIS-NN arithmetic (arm_avgpool_s8, arm_max_pool_s8).
// Windows are clipped to the input: padding never contributes a value.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {

// input [n, h, w, c] NHWC, output [n, out_h, out_w, c] NHWC.
// out = clamp(sum / count rounded half away from zero, activation), count =
// the number of input elements inside the window. Dilation must be 1.
void avg_pool2d_s8(const PoolParams& params, const Dims4& input_dims, const int8_t* input,
                   const Dims4& output_dims, int8_t* output);

// out = clamp(max over the (dilated) window, activation).
void max_pool2d_s8(const PoolParams& params, const Dims4& input_dims, const int8_t* input,
                   const Dims4& output_dims, int8_t* output);

// PyTorch's pooling output extent (with ceil_mode's rule that the last window
// must start inside the input or its left padding); < 1 when nothing fits.
int32_t pool_output_size(int32_t input, int32_t kernel, int32_t stride, int32_t padding,
                         int32_t dilation, bool ceil_mode);

}  // namespace cortex_m
}  // namespace wick
