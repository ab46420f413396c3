#include "kernels/cortex_m/binding.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

constexpr int64_t kMaxWindow = 1 << 16;

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

bool bias_arg(KernelContext& ctx, Span<EValue*> args, size_t i, int32_t channels,
              const int32_t** bias) {
  Tensor* t = nullptr;
  if (!optional_tensor_arg(ctx, args, i, "bias", &t)) return false;
  if (t != nullptr && !int32_vector(ctx, *t, "bias", channels)) return false;
  *bias = t != nullptr ? t->data_as<const int32_t>() : nullptr;
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

bool activation_args(KernelContext& ctx, Span<EValue*> args, size_t min_index, size_t max_index,
                     Activation* activation) {
  return int_arg(ctx, args, min_index, "activation_min", kInt8Min, kInt8Max, &activation->min) &&
         int_arg(ctx, args, max_index, "activation_max", activation->min, kInt8Max,
                 &activation->max);
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

}  // namespace cortex_m
}  // namespace wick
