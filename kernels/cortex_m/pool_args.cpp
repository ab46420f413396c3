#include "kernels/cortex_m/binding.h"

namespace wick {
namespace cortex_m {

bool pool_window_fits(KernelContext& ctx, const PoolParams& p) {
  if (int64_t{p.kernel.h} * p.kernel.w <= (1 << 16) && p.padding.h <= p.kernel.h / 2 &&
      p.padding.w <= p.kernel.w / 2) {
    return true;
  }
  return reject(ctx,
                "%s: kernel %dx%d with padding %d,%d: the area must be <= 65536 and the "
                "padding at most half the kernel",
                ctx.op_name(), static_cast<int>(p.kernel.h), static_cast<int>(p.kernel.w),
                static_cast<int>(p.padding.h), static_cast<int>(p.padding.w));
}

}  // namespace cortex_m
}  // namespace wick
