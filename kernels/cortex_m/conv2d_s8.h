// int8 2-D convolution with CMSIS-NN arithmetic (arm_convolve_s8 semantics).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/pool2d_s8.h"

namespace wick {
namespace cortex_m {

// input  [n, h, w, c_in] NHWC
// filter [c_out, kh, kw, c_in / groups] OHWI, groups = input.c / filter.c
// bias   [c_out] int32 or null
// output [n, out_h, out_w, c_out] NHWC
// acc = bias[oc] + sum (input + input_offset) * filter over the window
// (padding contributes nothing); out = clamp(requantize(acc, quant[oc]) +
// output_offset, activation). Accumulation wraps in 32 bits as on the core.
// Callers check that the dims agree (see conv2d_dims_valid).
void conv2d_s8(const ConvParams& params, const PerChannelQuant& quant, const Dims4& input_dims,
               const int8_t* input, const Dims4& filter_dims, const int8_t* filter,
               const int32_t* bias, const Dims4& output_dims, int8_t* output);

// Output extent of a convolution window along one axis; < 1 when the window
// does not fit. Pooling's arithmetic without ceil_mode.
inline int32_t conv_output_size(int32_t input, int32_t kernel, int32_t stride, int32_t padding,
                                int32_t dilation) {
  return pool_output_size(input, kernel, stride, padding, dilation, false);
}

}  // namespace cortex_m
}  // namespace wick
