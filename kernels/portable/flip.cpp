// aten::flip.out(self, dims): reverses the listed dimensions (a view with
// negative strides starting at the last element).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void flip_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Span<const int64_t> dims;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "dims", &dims) ||
      !check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype) ||
      !resize_output(ctx, *out, self->sizes, self->dim)) {
    return;
  }
  View src = view_of(*self);
  bool flipped[kMaxRank] = {};
  for (size_t i = 0; i < dims.size(); ++i) {
    int d = 0;
    if (!wrap_dim(ctx, dims[i], self->dim, &d)) return;
    if (self->dim == 0) continue;
    if (flipped[d]) {
      fail_invalid(ctx, "dim %d appears more than once in dims", d);
      return;
    }
    flipped[d] = true;
    if (src.sizes[d] > 0) {
      src.data += (src.sizes[d] - 1) * src.strides[d] * static_cast<int64_t>(self->element_size());
    }
    src.strides[d] = -src.strides[d];
  }
  copy_view(view_of(*out), src);
}

}  // namespace portable
}  // namespace wick
