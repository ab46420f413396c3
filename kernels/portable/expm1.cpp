// aten::expm1.out: out = exp(self) - 1, accurate near 0.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void expm1_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(std::expm1(x));
  });
}

}  // namespace portable
}  // namespace wick
