// aten::softplus.out(self, beta, threshold):
// x * beta > threshold ? x : log1p(exp(x * beta)) / beta.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {

void softplus_out(KernelContext& ctx, Span<EValue*> args) {
  Scalar beta = Scalar::from_int(1);
  Scalar threshold = Scalar::from_int(20);
  if (!check_arg_count(ctx, args, 4, 1) || !get_scalar(ctx, args, 1, "beta", &beta) ||
      !get_scalar(ctx, args, 2, "threshold", &threshold)) {
    return;
  }
  const double b = beta.as_double();
  const double t = threshold.as_double();
  unary_float_kernel(ctx, args, 4, [=](auto x) {
    using T = decltype(x);
    const T bx = x * static_cast<T>(b);
    return bx > static_cast<T>(t) ? x : static_cast<T>(std::log1p(std::exp(bx)) / static_cast<T>(b));
  });
}

}  // namespace portable
}  // namespace wick
