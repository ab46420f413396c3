// aten::logical_xor.out(self, other): (self != 0) != (other != 0); any out dtype.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct LogicalXorOp {
  static constexpr bool kComparison = true;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      return (a != CT(0)) != (b != CT(0));
    });
  }
};

}  // namespace

void logical_xor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<LogicalXorOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
