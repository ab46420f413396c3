// aten::gather.out(self, dim, index, sparse_grad): out[i][j][k] =
// self[index[i][j][k]][j][k] (for dim 0). index is int64 with self's rank
// and, outside dim, sizes no larger than self's; negative indices are
// rejected as torch does.
#include <string.h>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/shape.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

void gather_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* index = get_tensor(ctx, args, 2, "index");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  int64_t dim = 0;
  bool sparse = false;
  int d = 0;
  if (self == nullptr || index == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_bool(ctx, args, 3, "sparse_grad", &sparse) || !wrap_dim(ctx, dim, self->dim, &d) ||
      !check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *index, "index", ScalarType::Long) ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (index->numel > 0 && index->dim != self->dim) {
    fail_invalid(ctx, "index rank %d differs from self rank %d", index->dim, self->dim);
    return;
  }
  for (int k = 0; k < index->dim && index->numel > 0; ++k) {
    if (k != d && index->sizes[k] > self->sizes[k]) {
      fail_invalid(ctx, "index size %d exceeds self size %d at dim %d", static_cast<int>(index->sizes[k]),
                   static_cast<int>(self->sizes[k]), k);
      return;
    }
  }
  if (!resize_output(ctx, *out, index->sizes, index->dim)) return;
  const View vs = view_of(*self);
  const View vi = view_of(*index);
  const View vo = view_of(*out);
  const int64_t limit = self->dim > 0 ? self->sizes[d] : 1;
  const int64_t es = static_cast<int64_t>(self->element_size());
  int64_t pos[kMaxRank] = {};
  for (size_t n = 0; n < index->numel; ++n) {
    int64_t ioff = 0, ooff = 0, soff = 0;
    for (int k = 0; k < index->dim; ++k) {
      ioff += pos[k] * vi.strides[k];
      ooff += pos[k] * vo.strides[k];
      if (k != d) soff += pos[k] * vs.strides[k];
    }
    const int64_t v = reinterpret_cast<const int64_t*>(vi.data)[ioff];
    if (v < 0 || v >= limit) {
      fail_invalid(ctx, "index %lld out of range for size %lld", static_cast<long long>(v),
                   static_cast<long long>(limit));
      return;
    }
    if (self->dim > 0) soff += v * vs.strides[d];
    memcpy(vo.data + ooff * es, vs.data + soff * es, static_cast<size_t>(es));
    for (int k = index->dim - 1; k >= 0 && ++pos[k] == vi.sizes[k]; --k) pos[k] = 0;
  }
}

}  // namespace portable
}  // namespace wick
