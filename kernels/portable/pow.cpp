// aten::pow.Tensor_Scalar_out, pow.Tensor_Tensor_out and pow.Scalar_out.
// Floats follow PyTorch's special cases for common scalar exponents (2, 3,
// 0.5, -0.5, -1, -2) so results match torch bit for bit; integers use exact
// repeated squaring (wrapping) and reject negative exponents.
#include <cmath>
#include <type_traits>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

template <typename T>
T int_pow(T base, T exp) {
  if constexpr (std::is_same<T, bool>::value) {
    return exp ? base : true;
  } else {
    uint64_t result = 1;
    uint64_t b = static_cast<uint64_t>(static_cast<int64_t>(base));
    int64_t e = static_cast<int64_t>(exp);
    while (e > 0) {
      if (e & 1) result *= b;
      b *= b;
      e >>= 1;
    }
    return static_cast<T>(static_cast<int64_t>(result));
  }
}

template <typename T>
T float_pow(T base, T exp) {
  return std::pow(base, exp);
}

struct PowOp {
  static constexpr bool kComparison = false;
  static constexpr bool kIntegerDivision = false;
  static bool check(KernelContext& ctx, ScalarType common) { return accept_any(ctx, common); }
  template <typename CT>
  static void run(const BinaryPlan& p, const Scalar&) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return float_pow<CT>(a, b);
      else return int_pow<CT>(a, b);
    });
  }
};

template <typename CT>
void pow_scalar_exponent(const BinaryPlan& p, double e) {
  auto map = [&](auto f) { map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, f); };
  if (e == 2.0) {
    map([](CT a, CT) { return static_cast<CT>(a * a); });
  } else if (e == 3.0) {
    map([](CT a, CT) { return static_cast<CT>(a * a * a); });
  } else if (e == 0.5) {
    map([](CT a, CT) { return static_cast<CT>(std::sqrt(a)); });
  } else if (e == -0.5) {
    map([](CT a, CT) { return static_cast<CT>(CT(1) / std::sqrt(a)); });
  } else if (e == -1.0) {
    map([](CT a, CT) { return static_cast<CT>(CT(1) / a); });
  } else if (e == -2.0) {
    map([](CT a, CT) { return static_cast<CT>(CT(1) / (a * a)); });
  } else {
    map([](CT a, CT b) { return float_pow<CT>(a, b); });
  }
}

bool any_negative(const Tensor& t) {
  View v = view_of(t);
  const View* views[1] = {&v};
  bool negative = false;
  for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) negative = negative || load_int64(p[0] + i * s[0], v.dtype) < 0;
  });
  return negative;
}

bool negative_integer_exponent(KernelContext& ctx) {
  return fail_invalid(ctx, "integers to negative integer powers are not allowed");
}

}  // namespace

void pow_tensor_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Scalar exponent = Scalar::from_int(1);
  if (self == nullptr || out == nullptr || !get_scalar(ctx, args, 1, "exponent", &exponent) ||
      !check_supported_dtype(ctx, *self, "self")) {
    return;
  }
  const ScalarType common = result_type(*self, exponent);
  if (!check_can_cast(ctx, common, *out)) return;
  if (is_integral(common, true) && exponent.as_int() < 0) {
    negative_integer_exponent(ctx);
    return;
  }
  BinaryPlan plan;
  const ScalarBox boxed = box_scalar(exponent, common);
  if (!plan_binary_scalar(ctx, *self, boxed, *out, &plan)) return;
  switch_compute_type(common, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    if constexpr (is_floating_type<CT>()) {
      pow_scalar_exponent<CT>(plan, exponent.as_double());
    } else {
      PowOp::run<CT>(plan, exponent);
    }
  });
}

void pow_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* exponent = get_tensor(ctx, args, 1, "exponent");
  if (self != nullptr && exponent != nullptr && check_supported_dtype(ctx, *exponent, "exponent") &&
      is_integral(result_type(*self, *exponent), true)) {
    // Negative integer exponents are an error in PyTorch; scan first.
    if (any_negative(*exponent)) {
      negative_integer_exponent(ctx);
      return;
    }
  }
  binary_tensor_kernel<PowOp>(ctx, args, /*has_alpha=*/false);
}

// pow.Scalar_out(Scalar self, Tensor exponent, out).
void pow_scalar_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Scalar base = Scalar::from_int(1);
  Tensor* exponent = get_tensor(ctx, args, 1, "exponent");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (exponent == nullptr || out == nullptr || !get_scalar(ctx, args, 0, "self", &base) ||
      !check_supported_dtype(ctx, *exponent, "exponent")) {
    return;
  }
  const ScalarType common = result_type(*exponent, base);
  if (!check_can_cast(ctx, common, *out)) return;
  if (is_integral(common, true) && any_negative(*exponent)) {
    negative_integer_exponent(ctx);
    return;
  }
  BinaryPlan plan;
  const ScalarBox boxed = box_scalar(base, common);
  if (!plan_binary_scalar(ctx, *exponent, boxed, *out, &plan)) return;
  // The loop's operand a is the exponent tensor and b the boxed base.
  switch_compute_type(common, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    map_binary<CT>(plan.loop, plan.out_t, plan.a_t, plan.b_t, [](CT e, CT b) {
      if constexpr (is_floating_type<CT>()) return float_pow<CT>(b, e);
      else return int_pow<CT>(b, e);
    });
  });
}

}  // namespace portable
}  // namespace wick
