// aten::slice_copy.Tensor_out(self, dim, start, end, step): Python slicing
// along one dimension; start/end default to the whole range, negative values
// count from the end and out-of-range values clamp (as PyTorch does).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void slice_copy_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 6, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 5, "out");
  int64_t dim = 0;
  bool has_start = false;
  bool has_end = false;
  int64_t start = 0;
  int64_t end = 0;
  int64_t step = 1;
  int d = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_optional_int(ctx, args, 2, "start", &has_start, &start) ||
      !get_optional_int(ctx, args, 3, "end", &has_end, &end) ||
      !get_int(ctx, args, 4, "step", &step)) {
    return;
  }
  if (self->dim == 0) {
    fail_invalid(ctx, "slice() cannot be applied to a 0-dim tensor");
    return;
  }
  if (!wrap_dim(ctx, dim, self->dim, &d) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (step <= 0) {
    fail_invalid(ctx, "slice step must be positive, got %lld", static_cast<long long>(step));
    return;
  }
  const int64_t size = self->sizes[d];
  if (!has_start) start = 0;
  if (!has_end) end = size;
  if (start < 0) start += size;
  if (end < 0) end += size;
  start = start < 0 ? 0 : (start > size ? size : start);
  end = end < start ? start : (end > size ? size : end);
  const int64_t length = end == start ? 0 : (end - start - 1) / step + 1;
  const View src = narrow_view(view_of(*self), d, start, length, step);
  int32_t sizes[kMaxRank];
  for (int i = 0; i < src.rank; ++i) sizes[i] = static_cast<int32_t>(src.sizes[i]);
  if (!resize_output(ctx, *out, sizes, src.rank)) return;
  copy_view(view_of(*out), src);
}

}  // namespace portable
}  // namespace wick
