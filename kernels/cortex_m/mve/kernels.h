// Helium (MVE) int8 kernels: siblings of the reference math in
// kernels/cortex_m/*.h with the same arguments and bit-identical results
// (CMSIS-NN arithmetic, NHWC). The two that need working memory (conv2d,
// depthwise) take it as one extra last argument, `scratch`, of the size
// their *_scratch_bytes sibling returns (16-byte aligned); bindings take it
// from ctx.allocate_temp, never from a program's scratch tensor. Cortex-M55
// only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/mul_s8.h"
#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/softmax_s8.h"
#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {
namespace mve {

// conv2d_s8 (kernels/cortex_m/conv2d_s8.h). Paths: 1x1 (no im2col), first
// layer (one im2col row of <= 16 bytes per pixel, e.g. 1-3 input channels),
// and general (im2col blocks of three pixels).
size_t conv2d_s8_scratch_bytes(const Dims4& input_dims, const Dims4& filter_dims,
                               const Dims4& output_dims);
void conv2d_s8(const ConvParams& params, const PerChannelQuant& quant, const Dims4& input_dims,
               const int8_t* input, const Dims4& filter_dims, const int8_t* filter,
               const int32_t* bias, const Dims4& output_dims, int8_t* output, void* scratch);

// depthwise_conv2d_s8 (kernels/cortex_m/depthwise_conv2d_s8.h). Paths:
// depth multiplier 1 (channels in int16 lanes), one input channel (window
// taps in lanes, e.g. a first layer 1 -> 64), and general (any multiplier).
size_t depthwise_conv2d_s8_scratch_bytes(const Dims4& output_dims);
void depthwise_conv2d_s8(const DepthwiseConvParams& params, const PerChannelQuant& quant,
                         const Dims4& input_dims, const int8_t* input, const Dims4& filter_dims,
                         const int8_t* filter, const int32_t* bias, const Dims4& output_dims,
                         int8_t* output, void* scratch);

// fully_connected_s8 (kernels/cortex_m/fully_connected_s8.h).
void fully_connected_s8(const FullyConnectedParams& params, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output);

// avg_pool2d_s8 / max_pool2d_s8 (kernels/cortex_m/pool2d_s8.h).
void avg_pool2d_s8(const PoolParams& params, const Dims4& input_dims, const int8_t* input,
                   const Dims4& output_dims, int8_t* output);
void max_pool2d_s8(const PoolParams& params, const Dims4& input_dims, const int8_t* input,
                   const Dims4& output_dims, int8_t* output);

// add_s8 / mul_s8 (kernels/cortex_m/add_s8.h, mul_s8.h).
void add_s8(const AddParams& params, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out);
void mul_s8(const MulParams& params, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out);

// pad_s8 (kernels/cortex_m/pad_s8.h).
void pad_s8(const StridedShape& input_shape, const int8_t* in, int8_t* out, int64_t out_offset,
            int64_t out_count, int8_t pad_value);

// softmax_s8 (kernels/cortex_m/softmax_s8.h).
void softmax_s8(const SoftmaxParams& params, const int8_t* in, int32_t rows, int32_t row_size,
                int8_t* out);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
