// aten::view_copy.out(self, size), aten::_unsafe_view.out and
// aten::reshape-like copies: out has `size` (one entry may be -1) and the
// elements of self in logical order.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void view_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Span<const int64_t> size;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "size", &size)) return;
  if (!check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  int32_t sizes[kMaxRank];
  if (!infer_view_sizes(ctx, size, self->numel, sizes) ||
      !resize_output(ctx, *out, sizes, static_cast<int>(size.size()))) {
    return;
  }
  const View dst = view_of(*out);
  if (self->is_contiguous()) {
    copy_view(dst, contiguous_view(static_cast<char*>(self->data), self->dtype, dst.rank,
                                   dst.sizes));
  } else {
    copy_reshaped(dst, view_of(*self));
  }
}

}  // namespace portable
}  // namespace wick
