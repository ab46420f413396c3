// aten::log.out: out = log(self) (NaN below 0, -inf at 0).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void log_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(std::log(x));
  });
}

}  // namespace portable
}  // namespace wick
