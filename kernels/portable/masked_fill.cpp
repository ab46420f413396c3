// aten::masked_fill.Scalar_out(self, mask, value): out = mask ? value : self,
// mask (bool) broadcasting to self's shape; value is cast to self's dtype.
#include <string.h>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {

void masked_fill_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* mask = get_tensor(ctx, args, 1, "mask");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Scalar value = Scalar::from_int(0);
  if (self == nullptr || mask == nullptr || out == nullptr ||
      !get_scalar(ctx, args, 2, "value", &value) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *mask, "mask", ScalarType::Bool) ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (is_integral(self->dtype, true) && value.is_floating()) {
    fail_invalid(ctx, "cannot fill an integer tensor with a floating value");
    return;
  }
  View vm;
  if (!broadcast_view(*mask, self->dim, self->sizes, &vm)) {
    fail_invalid(ctx, "mask (rank %d) does not broadcast to self (rank %d)", mask->dim, self->dim);
    return;
  }
  if (!resize_output(ctx, *out, self->sizes, self->dim)) return;
  const View dst = view_of(*out);
  copy_view(dst, view_of(*self));
  const ScalarBox box = box_scalar_as(value, self->dtype);
  const size_t es = element_size(self->dtype);
  const View* views[2] = {&dst, &vm};
  for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      if (*reinterpret_cast<const bool*>(p[1] + i * s[1])) {
        memcpy(p[0] + i * s[0], box.bytes, es);
      }
    }
  });
}

}  // namespace portable
}  // namespace wick
