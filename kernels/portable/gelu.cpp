// aten::gelu.out(self, approximate): 'none' uses erf,
// x/2 * (1 + erf(x / sqrt(2))); 'tanh' uses
// x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
#include <cmath>
#include <string.h>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/unary_kernel.h"

namespace wick {
namespace portable {
namespace {
// Spelled out: M_SQRT1_2 and friends are missing under strict ANSI (newlib).
constexpr double kSqrtHalf = 0.70710678118654752440;     // 1 / sqrt(2)
constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
}  // namespace

void gelu_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  bool present = false;
  const char* mode = nullptr;
  size_t size = 0;
  if (!get_optional_string(ctx, args, 1, "approximate", &present, &mode, &size)) return;
  const bool use_tanh = present && size == 4 && memcmp(mode, "tanh", 4) == 0;
  if (present && !use_tanh && !(size == 4 && memcmp(mode, "none", 4) == 0)) {
    fail_invalid(ctx, "approximate must be 'none' or 'tanh'");
    return;
  }
  if (use_tanh) {
    unary_float_kernel(ctx, args, 3, [](auto x) {
      using T = decltype(x);
      const T kBeta = static_cast<T>(kSqrt2OverPi);
      const T inner = kBeta * (x + T(0.044715) * x * x * x);
      return static_cast<T>(T(0.5) * x * (T(1) + std::tanh(inner)));
    });
  } else {
    unary_float_kernel(ctx, args, 3, [](auto x) {
      using T = decltype(x);
      return static_cast<T>(x * T(0.5) * (T(1) + std::erf(x * static_cast<T>(kSqrtHalf))));
    });
  }
}

}  // namespace portable
}  // namespace wick
