// aten::tanh.out: out = tanh(self).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void tanh_out(KernelContext& ctx, Span<EValue*> args) {
  unary_float_kernel(ctx, args, 2, [](auto x) {
    using T = decltype(x);
    return static_cast<T>(std::tanh(x));
  });
}

}  // namespace portable
}  // namespace wick
