// aten::sign.out(self): -1, 0 or 1 in self's dtype; bool is itself. NaN gives
// 0, as PyTorch's (0 < x) - (x < 0) does.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void sign_out(KernelContext& ctx, Span<EValue*> args) {
  unary_same_kernel(ctx, args, 2, /*allow_bool=*/true, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_same<T, bool>::value) {
      return x;
    } else {
      return x > T(0) ? T(1) : (x < T(0) ? static_cast<T>(T(0) - T(1)) : T(0));
    }
  });
}

}  // namespace portable
}  // namespace wick
