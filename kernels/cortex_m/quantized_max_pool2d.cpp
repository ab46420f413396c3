// cortex_m::quantized_max_pool2d.out(Tensor input, int[] kernel_size, int[] stride,
//     int[] padding, int[] dilation, bool ceil_mode, int input_zero_point,
//     int output_zero_point, int activation_min, int activation_max, *, Tensor(a!) out)
// 12 args. Max pooling cannot requantize: the zero points must be equal.
#include <string.h>

#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/pool2d_s8.h"

namespace wick {
namespace cortex_m {

namespace {

// PoolParams field by field (kernel, stride, padding, dilation, activation),
// then ceil_mode and the two zero points.
constexpr IntArg kMaxPoolInts[] = {
    {1, 2, 1, kMaxWindow, "kernel_size"},
    {2, 2, 1, kMaxWindow, "stride"},
    {3, 2, 0, kMaxWindow / 2, "padding"},
    {4, 2, 1, kMaxWindow, "dilation"},
    {8, kScalarArg, kInt8Min, kInt8Max, "activation_min"},
    {9, kAtLeastPreviousArg, 0, kInt8Max, "activation_max"},
    {5, kBoolArg, 0, 1, "ceil_mode"},
    {6, kScalarArg, kInt8Min, kInt8Max, "input_zero_point"},
    {7, kSameAsPreviousArg, 0, 0, "output_zero_point (must equal input_zero_point)"},
};
static_assert(sizeof(PoolParams) == 10 * sizeof(int32_t), "PoolParams is the table's ten ints");

}  // namespace

bool unpack_quantized_max_pool2d(KernelContext& ctx, Span<EValue*> args, Pool2dArgs* a) {
  if (!check_arg_count(ctx, args, {12})) return false;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 10, "out");
  int32_t ints[13];
  if (input == nullptr || out == nullptr ||
      !nhwc_activation(ctx, *input, "input", &a->input_dims) ||
      !int_args(ctx, args, kMaxPoolInts, ints)) {
    return false;
  }
  memcpy(&a->params, ints, sizeof(a->params));
  const bool ceil_mode = ints[10] != 0;
  if (!pool_window_fits(ctx, a->params) ||
      !pool_output_dims(ctx, a->params, ceil_mode, a->input_dims, &a->output_dims) ||
      !nhwc_output(ctx, *out, a->output_dims)) {
    return false;
  }
  a->input = input->data_as<const int8_t>();
  a->output = out->data_as<int8_t>();
  return true;
}

void quantized_max_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  Pool2dArgs a;  // filled by unpack_quantized_max_pool2d on success
  if (!unpack_quantized_max_pool2d(ctx, args, &a)) return;
  max_pool2d_s8(a.params, a.input_dims, a.input, a.output_dims, a.output);
}

}  // namespace cortex_m
}  // namespace wick
