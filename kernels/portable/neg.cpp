// aten::neg.out: out = -self in self's dtype (integers wrap).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void neg_out(KernelContext& ctx, Span<EValue*> args) {
  unary_same_kernel(ctx, args, 2, /*allow_bool=*/false, [](auto x) {
    using T = decltype(x);
    return wrap_sub<T>(T(0), x);
  });
}

}  // namespace portable
}  // namespace wick
