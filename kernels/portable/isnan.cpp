// aten::isnan.out(self): true where self is NaN (integers: never); any
// out dtype.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void isnan_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  Loop<2> loop;
  if (!get_unary_args(ctx, args, 2, &self, &out) || !plan_unary(ctx, *self, *out, &loop)) return;
  switch_compute_type(self->dtype, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    map_unary<CT>(loop, out->dtype, self->dtype, [](CT x) {
      if constexpr (is_floating_type<CT>()) {
        return static_cast<bool>(x != x);
      } else {
        return false;
      }
    });
  });
}

}  // namespace portable
}  // namespace wick
