// aten::logical_not.out(self): out = (self == 0), in any out dtype.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void logical_not_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  Loop<2> loop;
  if (!get_unary_args(ctx, args, 2, &self, &out) || !plan_unary(ctx, *self, *out, &loop)) return;
  switch_compute_type(self->dtype, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    map_unary<CT>(loop, out->dtype, self->dtype, [](CT x) { return x == CT(0); });
  });
}

}  // namespace portable
}  // namespace wick
