// aten::maximum.out(self, other): elementwise max in the promoted type; NaN wins.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct MaximumOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) { if (std::isnan(a) || std::isnan(b)) return static_cast<CT>(NAN); }
      return a > b ? a : b;
    });
  }
};

}  // namespace

void maximum_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<MaximumOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
