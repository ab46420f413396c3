// aten::repeat.out(self, repeats): tiles self `repeats[i]` times along each
// dim (repeats may have more entries than self has dims: leading dims of 1).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {

void repeat_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Span<const int64_t> repeats;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "repeats", &repeats) ||
      !check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const int rank = static_cast<int>(repeats.size());
  if (rank < self->dim || rank > kMaxRank / 2) {
    fail_invalid(ctx, "repeats has %d entries; need between rank %d and %d", rank, self->dim,
                 kMaxRank / 2);
    return;
  }
  const int lead = rank - self->dim;
  int32_t sizes[kMaxRank];
  // Source as a 2*rank view [r0, s0, r1, s1, ...] with stride 0 on the
  // repeat axes; out read as the same split shape.
  View src;
  src.data = static_cast<char*>(self->data);
  src.dtype = self->dtype;
  src.rank = 2 * rank;
  for (int i = 0; i < rank; ++i) {
    const int64_t own = i < lead ? 1 : self->sizes[i - lead];
    const int64_t total = repeats[i] * own;
    if (repeats[i] < 0 || total > INT32_MAX) {
      fail_invalid(ctx, "invalid repeat %lld at position %d", static_cast<long long>(repeats[i]), i);
      return;
    }
    sizes[i] = static_cast<int32_t>(total);
    src.sizes[2 * i] = repeats[i];
    src.strides[2 * i] = 0;
    src.sizes[2 * i + 1] = own;
    src.strides[2 * i + 1] = i < lead ? 0 : self->strides[i - lead];
  }
  if (!resize_output(ctx, *out, sizes, rank)) return;
  const View o = view_of(*out);
  View dst;
  dst.data = o.data;
  dst.dtype = o.dtype;
  dst.rank = 2 * rank;
  for (int i = 0; i < rank; ++i) {
    dst.sizes[2 * i] = src.sizes[2 * i];
    dst.strides[2 * i] = o.strides[i] * src.sizes[2 * i + 1];
    dst.sizes[2 * i + 1] = src.sizes[2 * i + 1];
    dst.strides[2 * i + 1] = o.strides[i];
  }
  copy_view(dst, src);
}

}  // namespace portable
}  // namespace wick
