// Checked arguments of the cortex_m:: operators that have a Helium sibling.
//
// Each unpack_* function is the whole argument handling of one operator: it
// checks every EValue, resizes the output and fills a struct with the math's
// inputs, or logs, fails ctx and returns false. The reference binding
// (kernels/cortex_m/<op>.cpp) and the Helium binding
// (kernels/cortex_m/mve/<op>.cpp) both call it and differ only in the math
// they hand the struct to, so the unpacking exists once.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/mul_s8.h"
#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/softmax_s8.h"
#include "kernels/cortex_m/strided.h"
#include "wick/kernel.h"

namespace wick {
namespace cortex_m {

// cortex_m::quantized_linear.out: input [batches, in_features] (any leading
// dims), weights [out_features, in_features]; input and output data are
// read per call (set_input may move them). Per-tensor requantization is
// expanded to one (multiplier, shift) per output feature, held in
// small_quant for up to kSmallLinearFeatures features (a classifier head
// then needs no temp allocation) and in temp memory beyond (in the method
// arena when prepared at load, so that calls skip the conversion).
constexpr int32_t kSmallLinearFeatures = 16;
struct LinearArgs {
  LinearArgs() = default;
  LinearArgs(const LinearArgs&) = delete;  // quant may point into small_quant

  int32_t small_quant[2 * kSmallLinearFeatures];
  FullyConnectedParams params;
  PerChannelQuant quant;
  int32_t batches;
  int32_t in_features;
  int32_t out_features;
  const int8_t* weights;
  const int32_t* bias;  // may be null
};
bool unpack_quantized_linear(KernelContext& ctx, Span<EValue*> args, LinearArgs* a);

// fully_connected_s8's signature, the reference's and the Helium one's.
using FullyConnectedFn = void (*)(const FullyConnectedParams& params, const PerChannelQuant& quant,
                                  int32_t batches, int32_t in_features, int32_t out_features,
                                  const int8_t* input, const int8_t* weights, const int32_t* bias,
                                  int8_t* output);
// One call of quantized_linear.out with `math`: on the prepared arguments
// while the instruction still sees the tensors prepare saw, else on the
// arguments unpacked and checked now.
void run_quantized_linear(KernelContext& ctx, Span<EValue*> args, FullyConnectedFn math);

// input_offset range of conv2d and depthwise conv2d: CMSIS-NN's documented
// conv_params->input_offset range (minus an int8 zero point), in which the
// padding value -input_offset of the Helium kernels' im2col is an int8.
constexpr int32_t kMinInputOffset = -127;
constexpr int32_t kMaxInputOffset = 128;

// Shapes and data of an NHWC convolution (conv2d and depthwise).
struct ConvTensors {
  Dims4 input_dims;
  Dims4 filter_dims;
  Dims4 output_dims;
  PerChannelQuant quant;
  const int8_t* input;
  const int8_t* filter;
  const int32_t* bias;  // may be null
  int8_t* output;
};

// The part both convolutions share once input and filter are in *t: output
// dims from the window (out_channels deep), the optional int32 bias at
// bias_index, per-channel multipliers and shifts at multipliers_index and the
// next index, and `out` resized to the NHWC output.
bool conv_output_args(KernelContext& ctx, Span<EValue*> args, const HeightWidth& stride,
                      const HeightWidth& padding, const HeightWidth& dilation, int32_t out_channels,
                      size_t bias_index, size_t multipliers_index, Tensor& out, ConvTensors* t);

// cortex_m::quantized_conv2d.out (weights OHWI).
struct Conv2dArgs {
  ConvParams params;
  ConvTensors t;
};
bool unpack_quantized_conv2d(KernelContext& ctx, Span<EValue*> args, Conv2dArgs* a);

// cortex_m::quantized_depthwise_conv2d.out (weights [1, kh, kw, c_out]).
struct DepthwiseConv2dArgs {
  DepthwiseConvParams params;
  ConvTensors t;
};
bool unpack_quantized_depthwise_conv2d(KernelContext& ctx, Span<EValue*> args,
                                       DepthwiseConv2dArgs* a);

// cortex_m::quantized_max_pool2d.out and quantized_avg_pool2d.out.
struct Pool2dArgs {
  PoolParams params;
  Dims4 input_dims;
  Dims4 output_dims;
  const int8_t* input;
  int8_t* output;
};
bool unpack_quantized_max_pool2d(KernelContext& ctx, Span<EValue*> args, Pool2dArgs* a);
bool unpack_quantized_avg_pool2d(KernelContext& ctx, Span<EValue*> args, Pool2dArgs* a);

// Broadcast operands of quantized_add / quantized_mul (operand 0 = self,
// 1 = other, 2 = out in shape).
struct BinaryOperands {
  StridedShape shape;
  const int8_t* a;
  const int8_t* b;
  int8_t* out;
};
// int8 self, other and out, broadcast (out resized).
bool int8_operands(KernelContext& ctx, const Tensor& self, const Tensor& other, Tensor& out,
                   BinaryOperands* x);

struct AddArgs {
  AddParams params;
  BinaryOperands x;
};
bool unpack_quantized_add(KernelContext& ctx, Span<EValue*> args, AddArgs* a);
struct MulArgs {
  MulParams params;
  BinaryOperands x;
};
bool unpack_quantized_mul(KernelContext& ctx, Span<EValue*> args, MulArgs* a);

// cortex_m::pad.out: the input's walk (operand 0) and the output's strides
// (operand 2); the input lands at window_offset of the filled output.
struct PadArgs {
  StridedShape shape;
  const int8_t* input;
  int8_t* output;
  int64_t window_offset;
  int64_t output_count;
  int8_t pad_value;
};
bool unpack_pad(KernelContext& ctx, Span<EValue*> args, PadArgs* a);

// cortex_m::softmax.out over the last (innermost) dim.
struct SoftmaxArgs {
  SoftmaxParams params;
  const int8_t* input;
  int32_t rows;
  int32_t row_size;
  int8_t* output;
};
bool unpack_softmax(KernelContext& ctx, Span<EValue*> args, SoftmaxArgs* a);

}  // namespace cortex_m
}  // namespace wick
