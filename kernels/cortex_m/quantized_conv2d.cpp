// cortex_m::quantized_conv2d.out(Tensor input, Tensor weight, Tensor? bias,
//     int[] stride, int[] padding, int[] dilation, int input_offset, int output_offset,
//     Tensor requantize_multipliers, Tensor requantize_shifts, int activation_min,
//     int activation_max, Tensor scratch, *, Tensor(a!) out)
// 15 args; 14 before the CMSIS-NN scratch tensor was added. The reference
// kernel needs no scratch, so the scratch tensor is not read.
// weight is OHWI int8 with sizes [c_out, kh, kw, c_in / groups].
#include <string.h>

#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {

namespace {

// ConvParams field by field: stride, padding, dilation, input_offset,
// output_offset, activation.
constexpr IntArg kConv2dInts[] = {
    {3, 2, 1, kMaxWindow, "stride"},
    {4, 2, 0, kMaxWindow, "padding"},
    {5, 2, 1, kMaxWindow, "dilation"},
    {6, kScalarArg, kMinInputOffset, kMaxInputOffset, "input_offset"},
    {7, kScalarArg, kInt8Min, kInt8Max, "output_offset"},
    {10, kScalarArg, kInt8Min, kInt8Max, "activation_min"},
    {11, kAtLeastPreviousArg, 0, kInt8Max, "activation_max"},
};
static_assert(sizeof(ConvParams) == 10 * sizeof(int32_t), "ConvParams is the table's ten ints");

}  // namespace

bool unpack_quantized_conv2d(KernelContext& ctx, Span<EValue*> args, Conv2dArgs* a) {
  if (!check_arg_count(ctx, args, {15, 14})) return false;
  const size_t out_index = args.size() == 15 ? 13 : 12;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weight = tensor_arg(ctx, args, 1, "weight");
  Tensor* out = tensor_arg(ctx, args, out_index, "out");
  Dims4& in_dims = a->t.input_dims;
  Dims4& f_dims = a->t.filter_dims;
  ConvParams& p = a->params;
  int32_t ints[10];
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !filter_dims(ctx, *weight, "weight", &f_dims) || !int_args(ctx, args, kConv2dInts, ints)) {
    return false;
  }
  memcpy(&p, ints, sizeof(p));
  if (f_dims.c <= 0 || in_dims.c % f_dims.c != 0 || f_dims.n % (in_dims.c / f_dims.c) != 0) {
    return reject(ctx,
                  "%s: input has %d channels; weight [%d, %d, %d, %d] (OHWI) does not divide "
                  "them into groups",
                  ctx.op_name(), static_cast<int>(in_dims.c), static_cast<int>(f_dims.n),
                  static_cast<int>(f_dims.h), static_cast<int>(f_dims.w),
                  static_cast<int>(f_dims.c));
  }
  a->t.input = input->data_as<const int8_t>();
  a->t.filter = weight->data_as<const int8_t>();
  return conv_output_args(ctx, args, p.stride, p.padding, p.dilation, f_dims.n, 2, 8, *out, &a->t);
}

void quantized_conv2d_out(KernelContext& ctx, Span<EValue*> args) {
  Conv2dArgs a;  // filled by unpack_quantized_conv2d on success
  if (!unpack_quantized_conv2d(ctx, args, &a)) return;
  const ConvTensors& t = a.t;
  conv2d_s8(a.params, t.quant, t.input_dims, t.input, t.filter_dims, t.filter, t.bias,
            t.output_dims, t.output);
}

}  // namespace cortex_m
}  // namespace wick
