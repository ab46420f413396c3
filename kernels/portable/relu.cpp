// aten::relu.out: out = max(self, 0); NaN stays NaN.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void relu_out(KernelContext& ctx, Span<EValue*> args) {
  unary_same_kernel(ctx, args, 2, /*allow_bool=*/false, [](auto x) {
    using T = decltype(x);
    return x < T(0) ? T(0) : x;
  });
}

}  // namespace portable
}  // namespace wick
