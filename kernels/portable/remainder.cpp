// aten::remainder.Tensor_out / Scalar_out: Python's a % b (sign of the divisor).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct RemainderOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = true;
  static bool check(KernelContext& ctx, ScalarType common) { return reject_bool(ctx, common, "remainder"); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return remainder_floating<CT>(a, b);
      else return remainder_integer<CT>(a, b);
    });
  }
};

}  // namespace

void remainder_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<RemainderOp>(ctx, args, /*has_alpha=*/false);
}

void remainder_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<RemainderOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
