#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/op_args.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

constexpr int64_t kMaxWindow = 1 << 16;

bool fail_invalid(KernelContext& ctx) {
  ctx.fail(Error::InvalidArgument);
  return false;
}

}  // namespace

bool window_args(KernelContext& ctx, Span<EValue*> args, size_t i, HeightWidth* stride,
                 HeightWidth* padding, HeightWidth* dilation) {
  int32_t s[2];
  int32_t p[2];
  int32_t d[2];
  if (!int_list_arg(ctx, args, i, "stride", 2, 1, kMaxWindow, s) ||
      !int_list_arg(ctx, args, i + 1, "padding", 2, 0, kMaxWindow, p) ||
      !int_list_arg(ctx, args, i + 2, "dilation", 2, 1, kMaxWindow, d)) {
    return false;
  }
  *stride = HeightWidth{s[0], s[1]};
  *padding = HeightWidth{p[0], p[1]};
  *dilation = HeightWidth{d[0], d[1]};
  return true;
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
  const int32_t sizes[4] = {dims.n, dims.c, dims.h, dims.w};
  if (out.dim != 4) {
    WICK_LOG(Error, "%s: output must be rank 4, has rank %d", ctx.op_name(),
             static_cast<int>(out.dim));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  Dims4 checked{};
  return set_output_sizes(ctx, out, Span<const int32_t>(sizes, 4)) &&
         nhwc_activation(ctx, out, "out", &checked);
}

bool conv_output_args(KernelContext& ctx, Span<EValue*> args, const HeightWidth& stride,
                      const HeightWidth& padding, const HeightWidth& dilation, int32_t out_channels,
                      size_t bias_index, size_t multipliers_index, Tensor& out, ConvTensors* t) {
  const Dims4& in = t->input_dims;
  const Dims4& f = t->filter_dims;
  t->output_dims =
      Dims4{in.n, conv_output_size(in.h, f.h, stride.h, padding.h, dilation.h),
            conv_output_size(in.w, f.w, stride.w, padding.w, dilation.w), out_channels};
  if (t->output_dims.h < 1 || t->output_dims.w < 1) {
    WICK_LOG(Error, "%s: %dx%d kernel does not fit the padded %dx%d input", ctx.op_name(),
             static_cast<int>(f.h), static_cast<int>(f.w), static_cast<int>(in.h),
             static_cast<int>(in.w));
    return fail_invalid(ctx);
  }
  if (!bias_arg(ctx, args, bias_index, out_channels, &t->bias) ||
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
