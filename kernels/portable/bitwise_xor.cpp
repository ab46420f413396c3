// aten::bitwise_xor.Tensor_out / Scalar_out: integer and bool operands only.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct BitwiseXorOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return reject_floating(ctx, common, "bitwise_xor"); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return a;  // rejected by check()
      else return static_cast<CT>(a ^ b);
    });
  }
};

}  // namespace

void bitwise_xor_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<BitwiseXorOp>(ctx, args, /*has_alpha=*/false);
}

void bitwise_xor_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<BitwiseXorOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
