// Bindings shared by the broadcasting binary ops. An op supplies a policy:
//
//   struct SubOp {
//     static constexpr bool kComparison = false;   // true: result is bool,
//                                                  // any out dtype allowed
//     static constexpr bool kIntegerDivision = false;  // true: integer
//                                                  // zero divisors fail
//     static bool check(KernelContext&, ScalarType common);  // dtype limits
//     template <typename CT>
//     static void run(const BinaryPlan&, const Scalar& alpha);
//   };
//
// and its kernel is binary_tensor_kernel<SubOp>(ctx, args, /*has_alpha=*/true).
#pragma once

#include "kernels/portable/util/arith.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/elementwise.h"

namespace wick {
namespace portable {

template <typename Op>
bool finish_binary_checks(KernelContext& ctx, ScalarType common, const Tensor& out,
                          bool has_alpha, const Scalar& alpha) {
  if (!Op::check(ctx, common)) return false;
  if (has_alpha && !check_alpha(ctx, common, alpha)) return false;
  return Op::kComparison || check_can_cast(ctx, common, out);
}

template <typename Op>
void dispatch_binary(ScalarType common, const BinaryPlan& plan, const Scalar& alpha) {
  switch_compute_type(common, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    Op::template run<CT>(plan, alpha);
  });
}

// Schema (self, other[, alpha], out) + 1 return.
template <typename Op>
void binary_tensor_kernel(KernelContext& ctx, Span<EValue*> args, bool has_alpha) {
  const size_t n_schema = has_alpha ? 4 : 3;
  if (!check_arg_count(ctx, args, n_schema, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* other = get_tensor(ctx, args, 1, "other");
  Tensor* out = get_tensor(ctx, args, n_schema - 1, "out");
  Scalar alpha = Scalar::from_int(1);
  if (self == nullptr || other == nullptr || out == nullptr) return;
  if (has_alpha && !get_scalar(ctx, args, 2, "alpha", &alpha)) return;
  if (!check_supported_dtype(ctx, *self, "self") || !check_supported_dtype(ctx, *other, "other")) {
    return;
  }
  const ScalarType common = result_type(*self, *other);
  BinaryPlan plan;
  if (!finish_binary_checks<Op>(ctx, common, *out, has_alpha, alpha)) return;
  if (Op::kIntegerDivision && is_integral(common, true) && has_zero(*other)) {
    fail_invalid(ctx, "integer division by zero");
    return;
  }
  if (!plan_binary(ctx, *self, *other, *out, &plan)) return;
  dispatch_binary<Op>(common, plan, alpha);
}

// Schema (self, Scalar other[, alpha], out) + 1 return.
template <typename Op>
void binary_scalar_kernel(KernelContext& ctx, Span<EValue*> args, bool has_alpha) {
  const size_t n_schema = has_alpha ? 4 : 3;
  if (!check_arg_count(ctx, args, n_schema, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, n_schema - 1, "out");
  Scalar other = Scalar::from_int(0);
  Scalar alpha = Scalar::from_int(1);
  if (self == nullptr || out == nullptr || !get_scalar(ctx, args, 1, "other", &other)) return;
  if (has_alpha && !get_scalar(ctx, args, 2, "alpha", &alpha)) return;
  if (!check_supported_dtype(ctx, *self, "self")) return;
  const ScalarType common = result_type(*self, other);
  BinaryPlan plan;
  const ScalarBox boxed = box_scalar(other, common);
  if (!finish_binary_checks<Op>(ctx, common, *out, has_alpha, alpha)) return;
  if (Op::kIntegerDivision && is_integral(common, true) && other.as_int() == 0) {
    fail_invalid(ctx, "integer division by zero");
    return;
  }
  if (!plan_binary_scalar(ctx, *self, boxed, *out, &plan)) return;
  dispatch_binary<Op>(common, plan, alpha);
}

inline bool accept_any(KernelContext&, ScalarType) { return true; }
inline bool reject_bool(KernelContext& ctx, ScalarType common, const char* op) {
  if (common != ScalarType::Bool) return true;
  return fail_invalid(ctx, "%s is not supported for bool tensors", op);
}

inline bool reject_floating(KernelContext& ctx, ScalarType common, const char* op) {
  if (!is_floating(common)) return true;
  return fail_invalid(ctx, "%s is only supported for integer and bool tensors", op);
}

}  // namespace portable
}  // namespace wick
