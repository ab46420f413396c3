// int8 depthwise 2-D convolution with CMSIS-NN arithmetic (arm_depthwise_conv_s8).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {

// input  [n, h, w, c_in] NHWC
// filter [1, kh, kw, c_out] with c_out = c_in * depth_multiplier
// bias   [c_out] int32 or null
// output [n, out_h, out_w, c_out] NHWC; output channel oc reads input
// channel oc / depth_multiplier. Arithmetic as conv2d_s8.
void depthwise_conv2d_s8(const DepthwiseConvParams& params, const PerChannelQuant& quant,
                         const Dims4& input_dims, const int8_t* input, const Dims4& filter_dims,
                         const int8_t* filter, const int32_t* bias, const Dims4& output_dims,
                         int8_t* output);

}  // namespace cortex_m
}  // namespace wick
