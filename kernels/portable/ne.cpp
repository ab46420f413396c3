// aten::ne.Scalar_out and aten::ne.Tensor_out: out = (a != b), computed in the
// promoted type of the operands; out may have any dtype (true -> 1).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"

namespace wick {
namespace portable {
namespace {

struct NeOp {
  static constexpr bool kComparison = true;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) { return a != b; });
  }
};

}  // namespace

void ne_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<NeOp>(ctx, args, /*has_alpha=*/false);
}

void ne_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<NeOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
