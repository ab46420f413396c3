// executorch_prim::et_view.default(self, size) -> Tensor: out aliases self's
// data with the new shape (no copy). One size entry may be -1 (inferred).
#include "kernels/portable/util/shape.h"
#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {

void et_view(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 3)) return;
  Tensor* self = portable::get_tensor(ctx, args, 0, "self");
  Span<const int64_t> size;
  Tensor* out = portable::get_tensor(ctx, args, 2, "out");
  if (self == nullptr || out == nullptr || !portable::get_int_list(ctx, args, 1, "size", &size)) {
    return;
  }
  if (self->dtype != out->dtype) {
    portable::fail_invalid(ctx, "out dtype %s differs from self dtype %s",
                           scalar_type_name(out->dtype), scalar_type_name(self->dtype));
    return;
  }
  if (!self->is_contiguous()) {
    portable::fail_invalid(ctx, "self must be contiguous to be viewed");
    return;
  }
  if (size.size() != out->dim) {
    portable::fail_invalid(ctx, "size has %lu entries but out has rank %d",
                           static_cast<unsigned long>(size.size()), out->dim);
    return;
  }
  int32_t sizes[kMaxRank];
  if (!portable::infer_view_sizes(ctx, size, self->numel, sizes)) return;
  if (!out->is_contiguous() || !portable::resize_output(ctx, *out, sizes, out->dim)) {
    if (ctx.failure() == Error::Ok) portable::fail_invalid(ctx, "out must be contiguous");
    return;
  }
  out->data = self->data;
}

}  // namespace prim
}  // namespace wick
