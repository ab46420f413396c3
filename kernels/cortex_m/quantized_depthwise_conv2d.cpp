// cortex_m::quantized_depthwise_conv2d.out(Tensor input, Tensor weight, Tensor? bias,
//     int[] stride, int[] padding, int[] dilation, int depth_multiplier,
//     int input_offset, int output_offset, Tensor requantize_multipliers,
//     Tensor requantize_shifts, int activation_min, int activation_max,
//     Tensor scratch, *, Tensor(a!) out)
// 16 args; 15 before the scratch tensor was added (not read here).
// weight is int8 [1, kh, kw, c_out], c_out = c_in * depth_multiplier.
#include <string.h>

#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/depthwise_conv2d_s8.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

namespace {

// DepthwiseConvParams field by field: stride, padding, dilation,
// depth_multiplier, input_offset, output_offset, activation.
constexpr IntArg kDepthwiseInts[] = {
    {3, 2, 1, kMaxWindow, "stride"},
    {4, 2, 0, kMaxWindow, "padding"},
    {5, 2, 1, kMaxWindow, "dilation"},
    {6, kScalarArg, 1, 1 << 16, "depth_multiplier"},
    {7, kScalarArg, kMinInputOffset, kMaxInputOffset, "input_offset"},
    {8, kScalarArg, kInt8Min, kInt8Max, "output_offset"},
    {11, kScalarArg, kInt8Min, kInt8Max, "activation_min"},
    {12, kAtLeastPreviousArg, 0, kInt8Max, "activation_max"},
};
static_assert(sizeof(DepthwiseConvParams) == 11 * sizeof(int32_t),
              "DepthwiseConvParams is the table's eleven ints");

}  // namespace

bool unpack_quantized_depthwise_conv2d(KernelContext& ctx, Span<EValue*> args,
                                       DepthwiseConv2dArgs* a) {
  if (!check_arg_count(ctx, args, {16, 15})) return false;
  const size_t out_index = args.size() == 16 ? 14 : 13;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weight = tensor_arg(ctx, args, 1, "weight");
  Tensor* out = tensor_arg(ctx, args, out_index, "out");
  Dims4& in_dims = a->t.input_dims;
  Dims4& f_dims = a->t.filter_dims;
  DepthwiseConvParams& p = a->params;
  int32_t ints[11];
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !filter_dims(ctx, *weight, "weight", &f_dims) || !int_args(ctx, args, kDepthwiseInts, ints)) {
    return false;
  }
  memcpy(&p, ints, sizeof(p));
  if (f_dims.n != 1 || int64_t{f_dims.c} != int64_t{in_dims.c} * p.depth_multiplier) {
    WICK_LOG(Error, "%s: weight [%d, %d, %d, %d] must be [1, kh, kw, %d x %d]", ctx.op_name(),
             static_cast<int>(f_dims.n), static_cast<int>(f_dims.h), static_cast<int>(f_dims.w),
             static_cast<int>(f_dims.c), static_cast<int>(in_dims.c),
             static_cast<int>(p.depth_multiplier));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  a->t.input = input->data_as<const int8_t>();
  a->t.filter = weight->data_as<const int8_t>();
  return conv_output_args(ctx, args, p.stride, p.padding, p.dilation, f_dims.c, 2, 9, *out, &a->t);
}

void quantized_depthwise_conv2d_out(KernelContext& ctx, Span<EValue*> args) {
  DepthwiseConv2dArgs a{};
  if (!unpack_quantized_depthwise_conv2d(ctx, args, &a)) return;
  const ConvTensors& t = a.t;
  depthwise_conv2d_s8(a.params, t.quant, t.input_dims, t.input, t.filter_dims, t.filter, t.bias,
                      t.output_dims, t.output);
}

}  // namespace cortex_m
}  // namespace wick
