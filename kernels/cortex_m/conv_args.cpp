#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/pool2d_s8.h"

namespace wick {
namespace cortex_m {

bool window_output_dims(KernelContext& ctx, const Dims4& in, const HeightWidth& kernel,
                        const HeightWidth& stride, const HeightWidth& padding,
                        const HeightWidth& dilation, bool ceil_mode, int32_t channels, Dims4* out) {
  *out =
      Dims4{in.n, pool_output_size(in.h, kernel.h, stride.h, padding.h, dilation.h, ceil_mode),
            pool_output_size(in.w, kernel.w, stride.w, padding.w, dilation.w, ceil_mode), channels};
  if (out->h >= 1 && out->w >= 1) return true;
  return reject(ctx, "%s: %dx%d window does not fit the padded %dx%d input", ctx.op_name(),
                static_cast<int>(kernel.h), static_cast<int>(kernel.w), static_cast<int>(in.h),
                static_cast<int>(in.w));
}

bool per_channel_quant_args(KernelContext& ctx, Span<EValue*> args, size_t multipliers_index,
                            size_t shifts_index, int32_t channels, PerChannelQuant* quant) {
  Tensor* multipliers = tensor_arg(ctx, args, multipliers_index, "requantize_multipliers");
  Tensor* shifts = tensor_arg(ctx, args, shifts_index, "requantize_shifts");
  if (multipliers == nullptr || shifts == nullptr ||
      !int32_vector(ctx, *multipliers, "requantize_multipliers", channels) ||
      !int32_vector(ctx, *shifts, "requantize_shifts", channels) ||
      !check_shifts(ctx, shifts->data_as<const int32_t>(), channels, "requantize_shifts")) {
    return false;
  }
  quant->multiplier = multipliers->data_as<const int32_t>();
  quant->shift = shifts->data_as<const int32_t>();
  return true;
}

bool nhwc_output(KernelContext& ctx, Tensor& out, const Dims4& dims) {
  // A planned output of another rank fails the resize (logged with both
  // ranks), so the rank needs no check of its own.
  const int32_t sizes[4] = {dims.n, dims.c, dims.h, dims.w};
  Dims4 checked{};
  return set_output_sizes(ctx, out, Span<const int32_t>(sizes, 4)) &&
         nhwc_activation(ctx, out, "out", &checked);
}

bool conv_output_args(KernelContext& ctx, Span<EValue*> args, const HeightWidth& stride,
                      const HeightWidth& padding, const HeightWidth& dilation, int32_t out_channels,
                      size_t bias_index, size_t multipliers_index, Tensor& out, ConvTensors* t) {
  const HeightWidth kernel{t->filter_dims.h, t->filter_dims.w};
  if (!window_output_dims(ctx, t->input_dims, kernel, stride, padding, dilation, false,
                          out_channels, &t->output_dims) ||
      !optional_int32_vector(ctx, args, bias_index, "bias", out_channels, &t->bias) ||
      !per_channel_quant_args(ctx, args, multipliers_index, multipliers_index + 1, out_channels,
                              &t->quant) ||
      !nhwc_output(ctx, out, t->output_dims)) {
    return false;
  }
  t->output = out.data_as<int8_t>();
  return true;
}

}  // namespace cortex_m
}  // namespace wick
