// cortex_m::quantized_avg_pool2d.out(Tensor input, int[] kernel_size, int[] stride,
//     int[] padding, bool ceil_mode, int zero_point, int multiplier, int shift,
//     Tensor scratch, *, Tensor(a!) out)
// 11 args. Older programs lack ceil_mode and/or scratch (9 or 10 args); a
// Bool at index 4 marks ceil_mode. As in ExecuTorch (arm_avgpool_s8), input
// and output share one quantization: zero_point/multiplier/shift are
// validated but do not enter the arithmetic, and the clamp is the int8 range.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/pool2d_s8.h"

namespace wick {
namespace cortex_m {

namespace {

// PoolParams::kernel, stride and padding.
constexpr IntArg kPoolWindowInts[] = {
    {1, 2, 1, kMaxWindow, "kernel_size"},
    {2, 2, 1, kMaxWindow, "stride"},
    {3, 2, 0, kMaxWindow / 2, "padding"},
};

}  // namespace

bool unpack_quantized_avg_pool2d(KernelContext& ctx, Span<EValue*> args, Pool2dArgs* a) {
  if (!check_arg_count(ctx, args, {11, 10, 9})) return false;
  const bool has_ceil_mode = args[4] != nullptr && args[4]->is_bool();
  const size_t quant_index = has_ceil_mode ? 5 : 4;
  const size_t out_index = args.size() - 2;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, out_index, "out");
  Dims4 in_dims{};
  int32_t window[6];
  if (input == nullptr || out == nullptr || !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !int_args(ctx, args, kPoolWindowInts, window)) {
    return false;
  }
  PoolParams p{};
  p.kernel = HeightWidth{window[0], window[1]};
  p.stride = HeightWidth{window[2], window[3]};
  p.padding = HeightWidth{window[4], window[5]};
  p.dilation = HeightWidth{1, 1};
  p.activation = Activation{kInt8Min, kInt8Max};
  bool ceil_mode = false;
  Dims4 out_dims{};
  int32_t zero_point = 0;
  Requant requant{};
  if (!pool_window_fits(ctx, p) ||
      (has_ceil_mode && !bool_arg(ctx, args, 4, "ceil_mode", &ceil_mode)) ||
      !int_arg(ctx, args, quant_index, "zero_point", kInt8Min, kInt8Max, &zero_point) ||
      !int_arg(ctx, args, quant_index + 1, "multiplier", INT32_MIN, INT32_MAX,
               &requant.multiplier) ||
      !int_arg(ctx, args, quant_index + 2, "shift", kMinShift, kMaxShift, &requant.shift) ||
      !pool_output_dims(ctx, p, ceil_mode, in_dims, &out_dims) ||
      !nhwc_output(ctx, *out, out_dims)) {
    return false;
  }
  *a = Pool2dArgs{p, in_dims, out_dims, input->data_as<const int8_t>(), out->data_as<int8_t>()};
  return true;
}

void quantized_avg_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  Pool2dArgs a{};
  if (!unpack_quantized_avg_pool2d(ctx, args, &a)) return;
  avg_pool2d_s8(a.params, a.input_dims, a.input, a.output_dims, a.output);
}

}  // namespace cortex_m
}  // namespace wick
