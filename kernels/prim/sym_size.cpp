// aten::sym_size.int(self, dim) -> int and aten::sym_numel(self) -> int.
#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {

void sym_size_int(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 3)) return;
  Tensor* self = portable::get_tensor(ctx, args, 0, "self");
  int64_t dim = 0;
  if (self == nullptr || !portable::get_int(ctx, args, 1, "dim", &dim)) return;
  const int64_t rank = self->dim;
  if (dim < -rank || dim >= rank || rank == 0) {
    portable::fail_invalid(ctx, "dim %lld out of range for a rank-%lld tensor",
                           static_cast<long long>(dim), static_cast<long long>(rank));
    return;
  }
  if (dim < 0) dim += rank;
  *args[2] = EValue::from_int(self->sizes[dim]);
}

void sym_numel(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 2)) return;
  Tensor* self = portable::get_tensor(ctx, args, 0, "self");
  if (self == nullptr) return;
  *args[1] = EValue::from_int(static_cast<int64_t>(self->numel));
}

}  // namespace prim
}  // namespace wick
