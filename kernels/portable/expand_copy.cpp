// aten::expand_copy.out(self, size, implicit): self broadcast to `size`
// (-1 keeps a dimension); expanded dimensions read with stride 0.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {

void expand_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Span<const int64_t> size;
  bool implicit = false;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "size", &size) ||
      !get_bool(ctx, args, 2, "implicit", &implicit)) {
    return;
  }
  if (!check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const int rank = static_cast<int>(size.size());
  if (rank < self->dim || rank > kMaxRank) {
    fail_invalid(ctx, "size has %d entries, fewer than self's rank %d (or above %d)", rank,
                 self->dim, kMaxRank);
    return;
  }
  const int lead = rank - self->dim;
  int32_t sizes[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    const int64_t want = size[i];
    if (want == -1 && i >= lead) {
      sizes[i] = self->sizes[i - lead];
    } else if (want < 0 || want > INT32_MAX) {
      fail_invalid(ctx, "invalid expanded size %lld at position %d", static_cast<long long>(want), i);
      return;
    } else {
      sizes[i] = static_cast<int32_t>(want);
    }
  }
  View src;
  if (!broadcast_view(*self, rank, sizes, &src)) {
    fail_invalid(ctx, "self (rank %d) cannot be expanded to the requested size", self->dim);
    return;
  }
  if (!resize_output(ctx, *out, sizes, rank)) return;
  copy_view(view_of(*out), src);
}

}  // namespace portable
}  // namespace wick
