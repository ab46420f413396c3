#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/pool2d_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

bool pool_window_args(KernelContext& ctx, Span<EValue*> args, size_t i, PoolParams* params) {
  int32_t kernel[2];
  int32_t stride[2];
  int32_t padding[2];
  if (!int_list_arg(ctx, args, i, "kernel_size", 2, 1, 1 << 16, kernel) ||
      !int_list_arg(ctx, args, i + 1, "stride", 2, 1, 1 << 16, stride) ||
      !int_list_arg(ctx, args, i + 2, "padding", 2, 0, 1 << 15, padding)) {
    return false;
  }
  if (int64_t{kernel[0]} * kernel[1] > (1 << 16) || padding[0] > kernel[0] / 2 ||
      padding[1] > kernel[1] / 2) {
    WICK_LOG(Error,
             "%s: kernel %dx%d with padding %d,%d: the area must be <= 65536 and the "
             "padding at most half the kernel",
             ctx.op_name(), static_cast<int>(kernel[0]), static_cast<int>(kernel[1]),
             static_cast<int>(padding[0]), static_cast<int>(padding[1]));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  params->kernel = HeightWidth{kernel[0], kernel[1]};
  params->stride = HeightWidth{stride[0], stride[1]};
  params->padding = HeightWidth{padding[0], padding[1]};
  return true;
}

bool pool_output_dims(KernelContext& ctx, const PoolParams& p, bool ceil_mode, const Dims4& in_dims,
                      Dims4* out_dims) {
  *out_dims = Dims4{
      in_dims.n,
      pool_output_size(in_dims.h, p.kernel.h, p.stride.h, p.padding.h, p.dilation.h, ceil_mode),
      pool_output_size(in_dims.w, p.kernel.w, p.stride.w, p.padding.w, p.dilation.w, ceil_mode),
      in_dims.c};
  if (out_dims->h >= 1 && out_dims->w >= 1) return true;
  WICK_LOG(Error, "%s: %dx%d window does not fit the padded %dx%d input", ctx.op_name(),
           static_cast<int>(p.kernel.h), static_cast<int>(p.kernel.w), static_cast<int>(in_dims.h),
           static_cast<int>(in_dims.w));
  ctx.fail(Error::InvalidArgument);
  return false;
}

}  // namespace cortex_m
}  // namespace wick
