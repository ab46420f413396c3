// aten::select_copy.int_out(self, dim, index): the slice self[..., index, ...]
// with dimension `dim` removed. Negative indices count from the end.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void select_copy_int_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  int64_t dim = 0;
  int64_t index = 0;
  int d = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_int(ctx, args, 2, "index", &index)) {
    return;
  }
  if (self->dim == 0) {
    fail_invalid(ctx, "select() cannot be applied to a 0-dim tensor");
    return;
  }
  if (!wrap_dim(ctx, dim, self->dim, &d) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const int64_t size = self->sizes[d];
  if (index < -size || index >= size) {
    fail_invalid(ctx, "index %lld out of range for dimension %d of size %lld",
                 static_cast<long long>(index), d, static_cast<long long>(size));
    return;
  }
  if (index < 0) index += size;
  const View src = select_view(view_of(*self), d, index);
  int32_t sizes[kMaxRank];
  for (int i = 0; i < src.rank; ++i) sizes[i] = static_cast<int32_t>(src.sizes[i]);
  if (!resize_output(ctx, *out, sizes, src.rank)) return;
  copy_view(view_of(*out), src);
}

}  // namespace portable
}  // namespace wick
