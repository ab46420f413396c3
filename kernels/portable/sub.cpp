// aten::sub.out and aten::sub.Scalar_out: out = self - alpha * other;
// aten::rsub.Tensor_out and aten::rsub.Scalar_out: out = other - alpha * self.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

struct SubOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) {
    return reject_bool(ctx, common, "subtraction");
  }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar& alpha) {
    const CT a1 = alpha.as<CT>();
    if (a1 == static_cast<CT>(1)) {
      map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                     [](CT a, CT b) { return wrap_sub<CT>(a, b); });
    } else {
      map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                     [a1](CT a, CT b) { return wrap_sub<CT>(a, wrap_mul<CT>(a1, b)); });
    }
  }
};

// rsub(self, other, alpha) = other - alpha * self.
struct RsubOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) {
    return reject_bool(ctx, common, "subtraction");
  }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar& alpha) {
    const CT a1 = alpha.as<CT>();
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t,
                   [a1](CT a, CT b) { return wrap_sub<CT>(b, wrap_mul<CT>(a1, a)); });
  }
};

}  // namespace

void sub_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<SubOp>(ctx, args, /*has_alpha=*/true);
}

void sub_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<SubOp>(ctx, args, /*has_alpha=*/true);
}

void rsub_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  binary_tensor_kernel<RsubOp>(ctx, args, /*has_alpha=*/true);
}

void rsub_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  binary_scalar_kernel<RsubOp>(ctx, args, /*has_alpha=*/true);
}

}  // namespace portable
}  // namespace wick
