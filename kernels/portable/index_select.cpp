// aten::index_select.out(self, dim, index): out[.., i, ..] = self[.., index[i], ..]
// for an int32/int64 index of rank <= 1. Indices must lie in [0, size).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void index_select_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* index = get_tensor(ctx, args, 2, "index");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  int64_t dim = 0;
  int d = 0;
  if (self == nullptr || index == nullptr || out == nullptr ||
      !get_int(ctx, args, 1, "dim", &dim) || !wrap_dim(ctx, dim, self->dim, &d)) {
    return;
  }
  if (index->dtype != ScalarType::Long && index->dtype != ScalarType::Int) {
    fail_invalid(ctx, "index must be int32 or int64, got %s", scalar_type_name(index->dtype));
    return;
  }
  if (index->dim > 1) {
    fail_invalid(ctx, "index must have rank <= 1, got %d", index->dim);
    return;
  }
  if (!check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const View in = view_of(*self);
  const View idx = view_of(*index);
  const int64_t count = static_cast<int64_t>(index->numel);
  const int64_t size = self->dim == 0 ? 1 : self->sizes[d];
  const int64_t idx_stride = idx.rank == 1 ? idx.strides[0] : 0;
  const size_t idx_es = element_size(index->dtype);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t v = load_int64(idx.data + i * idx_stride * static_cast<int64_t>(idx_es), index->dtype);
    if (v < 0 || v >= size) {
      fail_invalid(ctx, "index %lld out of range for dimension %d of size %lld",
                   static_cast<long long>(v), d, static_cast<long long>(size));
      return;
    }
  }
  int32_t sizes[kMaxRank];
  for (int k = 0; k < self->dim; ++k) sizes[k] = self->sizes[k];
  if (self->dim > 0) {
    if (count > INT32_MAX) {
      fail_invalid(ctx, "index has too many entries");
      return;
    }
    sizes[d] = static_cast<int32_t>(count);
  } else if (count != 1) {
    fail_invalid(ctx, "a 0-dim self takes exactly one index");
    return;
  }
  if (!resize_output(ctx, *out, sizes, self->dim)) return;
  const View dst = view_of(*out);
  if (self->dim == 0) {
    copy_view(dst, in);
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    const int64_t v = load_int64(idx.data + i * idx_stride * static_cast<int64_t>(idx_es), index->dtype);
    copy_view(select_view(dst, d, i), select_view(in, d, v));
  }
}

}  // namespace portable
}  // namespace wick
