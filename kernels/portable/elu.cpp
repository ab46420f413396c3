// aten::elu.out(self, alpha, scale, input_scale):
// x > 0 ? x * scale : expm1(x * input_scale) * alpha * scale.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void elu_out(KernelContext& ctx, Span<EValue*> args) {
  Scalar alpha = Scalar::from_int(1);
  Scalar scale = Scalar::from_int(1);
  Scalar input_scale = Scalar::from_int(1);
  if (!check_arg_count(ctx, args, 5, 1) || !get_scalar(ctx, args, 1, "alpha", &alpha) ||
      !get_scalar(ctx, args, 2, "scale", &scale) ||
      !get_scalar(ctx, args, 3, "input_scale", &input_scale)) {
    return;
  }
  const double neg = alpha.as_double() * scale.as_double();
  const double pos = scale.as_double();
  const double in_scale = input_scale.as_double();
  unary_float_kernel(ctx, args, 5, [=](auto x) {
    using T = decltype(x);
    return x > T(0) ? static_cast<T>(x * static_cast<T>(pos))
                    : static_cast<T>(std::expm1(x * static_cast<T>(in_scale)) * static_cast<T>(neg));
  });
}

}  // namespace portable
}  // namespace wick
