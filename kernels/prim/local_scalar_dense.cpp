// aten::_local_scalar_dense(self) -> Scalar: the only element of a
// one-element tensor, as Bool, Int or Double following its dtype.
#include "kernels/portable/util/dtype.h"
#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {

void local_scalar_dense(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 2)) return;
  Tensor* self = portable::get_tensor(ctx, args, 0, "self");
  if (self == nullptr || !portable::check_supported_dtype(ctx, *self, "self")) return;
  if (self->numel != 1) {
    portable::fail_invalid(ctx, "expected a tensor with one element, got %lu",
                           static_cast<unsigned long>(self->numel));
    return;
  }
  if (self->dtype == ScalarType::Bool) {
    *args[1] = EValue::from_bool(portable::load_bool(self->data, self->dtype));
  } else if (is_floating(self->dtype)) {
    *args[1] = EValue::from_double(portable::load_double(self->data, self->dtype));
  } else {
    *args[1] = EValue::from_int(portable::load_int64(self->data, self->dtype));
  }
}

}  // namespace prim
}  // namespace wick
