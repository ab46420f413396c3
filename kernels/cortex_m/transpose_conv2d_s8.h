// int8 transposed 2-D convolution with CMSIS-NN arithmetic
// (arm_transpose_conv_s8, TFLite TransposeConv semantics).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {

// input  [n, h, w, c_in] NHWC
// filter [c_out, kh, kw, c_in] OHWI (not flipped)
// bias   [c_out] int32 or null
// output [n, out_h, out_w, c_out] NHWC
// Every input pixel (iy, ix) scatters (input + input_offset) * filter[oc][ky][kx]
// to output (iy * stride - padding + ky * dilation, ...); each output sums
// what lands on it plus bias, then requantizes per channel, adds
// output_offset and clamps. params.padding is PyTorch's `padding`.
void transpose_conv2d_s8(const ConvParams& params, const PerChannelQuant& quant,
                         const Dims4& input_dims, const int8_t* input, const Dims4& filter_dims,
                         const int8_t* filter, const int32_t* bias, const Dims4& output_dims,
                         int8_t* output);

}  // namespace cortex_m
}  // namespace wick
