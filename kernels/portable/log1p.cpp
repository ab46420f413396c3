// aten::log1p.out: out = log(1 + self), accurate near 0.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void log1p_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(std::log1p(x));
  });
}

}  // namespace portable
}  // namespace wick
