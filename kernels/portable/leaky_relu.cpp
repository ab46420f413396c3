// aten::leaky_relu.out(self, negative_slope): x > 0 ? x : x * slope
// (floating dtypes, as PyTorch).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void leaky_relu_out(KernelContext& ctx, Span<EValue*> args) {
  Scalar slope = Scalar::from_double(0.01);
  if (!check_arg_count(ctx, args, 3, 1) || !get_scalar(ctx, args, 1, "negative_slope", &slope)) {
    return;
  }
  Tensor* self = get_tensor(ctx, args, 0, "self");
  if (self == nullptr || !is_floating(self->dtype)) {
    if (self != nullptr) fail_invalid(ctx, "leaky_relu needs a floating tensor");
    return;
  }
  const double s = slope.as_double();
  unary_float_kernel(ctx, args, 3, [s](auto x) {
    using T = decltype(x);
    return x > T(0) ? x : static_cast<T>(x * static_cast<T>(s));
  });
}

}  // namespace portable
}  // namespace wick
