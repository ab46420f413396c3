// aten::silu.out: out = self * sigmoid(self) (computed as x / (1 + exp(-x)), as PyTorch).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void silu_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(x / (T(1) + std::exp(-x)));
  });
}

}  // namespace portable
}  // namespace wick
