// aten::trunc.out: out = trunc(self); integers pass through.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void trunc_out(KernelContext& ctx, Span<EValue*> args) {
  unary_same_kernel(ctx, args, 2, /*allow_bool=*/true, [](auto x) {
    using T = decltype(x);
    if constexpr (is_floating_type<T>()) return std::trunc(x); else return x;
  });
}

}  // namespace portable
}  // namespace wick
