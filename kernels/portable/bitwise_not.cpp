// aten::bitwise_not.out(self): ~self for integers, logical not for bool.
#include <type_traits>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void bitwise_not_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  if (!get_unary_args(ctx, args, 2, &self, &out)) return;
  if (is_floating(self->dtype)) {
    fail_invalid(ctx, "bitwise_not is only supported for integer and bool tensors");
    return;
  }
  unary_same_kernel(ctx, args, 2, /*allow_bool=*/true, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_same<T, bool>::value) {
      return !x;
    } else if constexpr (std::is_integral<T>::value) {
      return static_cast<T>(~x);
    } else {
      return x;  // floating inputs were rejected above
    }
  });
}

}  // namespace portable
}  // namespace wick
