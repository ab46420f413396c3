// aten::hardswish.out: out = self * clamp(self + 3, 0, 6) / 6.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void hardswish_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(x * clamp_nan(x + T(3), T(0), T(6)) / T(6));
  });
}

}  // namespace portable
}  // namespace wick
