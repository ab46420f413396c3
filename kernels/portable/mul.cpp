// aten::mul.out and aten::mul.Scalar_out: out = self * other (bool: and).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct MulOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                   [](CT a, CT b) { return wrap_mul<CT>(a, b); });
  }
};

}  // namespace

void mul_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<MulOp>(ctx, args, /*has_alpha=*/false);
}

void mul_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<MulOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
