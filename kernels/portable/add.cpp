// aten::add.out and aten::add.Scalar_out: out = self + alpha * other.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct AddOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar& alpha) {
    const CT a1 = alpha.as<CT>();
    if (a1 == static_cast<CT>(1)) {
      map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                     [](CT a, CT b) { return wrap_add<CT>(a, b); });
    } else {
      map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                     [a1](CT a, CT b) { return wrap_add<CT>(a, wrap_mul<CT>(a1, b)); });
    }
  }
};

}  // namespace

void add_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<AddOp>(ctx, args, /*has_alpha=*/true);
}

void add_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<AddOp>(ctx, args, /*has_alpha=*/true);
}

}  // namespace portable
}  // namespace wick
