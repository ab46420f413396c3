// aten::fmod.Tensor_out / Scalar_out: C's fmod (sign of the dividend).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct FmodOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = true;
  static bool check(KernelContext& ctx, ScalarType common) { return reject_bool(ctx, common, "fmod"); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return static_cast<CT>(std::fmod(a, b));
      else return b == CT(-1) ? CT(0) : static_cast<CT>(a % b);
    });
  }
};

}  // namespace

void fmod_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<FmodOp>(ctx, args, /*has_alpha=*/false);
}

void fmod_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<FmodOp>(ctx, args, /*has_alpha=*/false);
}

}  // namespace portable
}  // namespace wick
