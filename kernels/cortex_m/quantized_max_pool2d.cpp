// cortex_m::quantized_max_pool2d.out(Tensor input, int[] kernel_size, int[] stride,
//     int[] padding, int[] dilation, bool ceil_mode, int input_zero_point,
//     int output_zero_point, int activation_min, int activation_max, *, Tensor(a!) out)
// 12 args. Max pooling cannot requantize: the zero points must be equal.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/pool2d_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

bool unpack_quantized_max_pool2d(KernelContext& ctx, Span<EValue*> args, Pool2dArgs* a) {
  if (!check_arg_count(ctx, args, {12})) return false;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 10, "out");
  PoolParams p{};
  bool ceil_mode = false;
  Dims4 in_dims{};
  Dims4 out_dims{};
  int32_t dilation[2];
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  if (input == nullptr || out == nullptr || !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !pool_window_args(ctx, args, 1, &p) ||
      !int_list_arg(ctx, args, 4, "dilation", 2, 1, 1 << 16, dilation) ||
      !bool_arg(ctx, args, 5, "ceil_mode", &ceil_mode) ||
      !int_arg(ctx, args, 6, "input_zero_point", kInt8Min, kInt8Max, &input_zero_point) ||
      !int_arg(ctx, args, 7, "output_zero_point", kInt8Min, kInt8Max, &output_zero_point) ||
      !activation_args(ctx, args, 8, 9, &p.activation)) {
    return false;
  }
  if (input_zero_point != output_zero_point) {
    WICK_LOG(Error, "%s: input zero point %d differs from output zero point %d", ctx.op_name(),
             static_cast<int>(input_zero_point), static_cast<int>(output_zero_point));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  p.dilation = HeightWidth{dilation[0], dilation[1]};
  if (!pool_output_dims(ctx, p, ceil_mode, in_dims, &out_dims) ||
      !nhwc_output(ctx, *out, out_dims)) {
    return false;
  }
  *a = Pool2dArgs{p, in_dims, out_dims, input->data_as<const int8_t>(), out->data_as<int8_t>()};
  return true;
}

void quantized_max_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  Pool2dArgs a{};
  if (!unpack_quantized_max_pool2d(ctx, args, &a)) return;
  max_pool2d_s8(a.params, a.input_dims, a.input, a.output_dims, a.output);
}

}  // namespace cortex_m
}  // namespace wick
