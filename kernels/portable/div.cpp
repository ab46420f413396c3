// aten::div.out, div.out_mode, div.Scalar_out, div.Scalar_mode_out.
// True division computes in float (integer inputs promote to float32);
// "trunc" and "floor" keep integer dtypes and reject integer division by zero
// as PyTorch does.
#include <string.h>

#include <type_traits>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/binary_kernel.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

enum class Rounding { None, Trunc, Floor };

template <typename CT>
void div_math(const BinaryPlan& p, Rounding mode) {
  // Bool division never gets here: it promotes to float or was rejected.
  if constexpr (std::is_same<CT, bool>::value) {
    return;
  } else if (mode == Rounding::None) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) { return static_cast<CT>(a / b); });
  } else if (mode == Rounding::Trunc) {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return static_cast<CT>(std::trunc(a / b));
      else return div_trunc_integer<CT>(a, b);
    });
  } else {
    map_binary<CT>(p.loop, p.out_t, p.a_t, p.b_t, [](CT a, CT b) {
      if constexpr (is_floating_type<CT>()) return div_floor_floating<CT>(a, b);
      else return div_floor_integer<CT>(a, b);
    });
  }
}

bool parse_mode(KernelContext& ctx, Span<EValue*> args, size_t i, Rounding* mode) {
  bool present = false;
  const char* text = nullptr;
  size_t size = 0;
  if (!get_optional_string(ctx, args, i, "rounding_mode", &present, &text, &size)) return false;
  *mode = Rounding::None;
  if (!present) return true;
  if (size == 5 && memcmp(text, "trunc", 5) == 0) {
    *mode = Rounding::Trunc;
  } else if (size == 5 && memcmp(text, "floor", 5) == 0) {
    *mode = Rounding::Floor;
  } else {
    return fail_invalid(ctx, "rounding_mode must be None, 'trunc' or 'floor'");
  }
  return true;
}

// Integral true division promotes to float32; rounded division keeps dtype.
ScalarType compute_type(ScalarType common, Rounding mode) {
  return mode == Rounding::None && !is_floating(common) ? ScalarType::Float : common;
}

bool check_compute(KernelContext& ctx, ScalarType compute, Rounding mode, const Tensor& out) {
  if (mode != Rounding::None && compute == ScalarType::Bool) {
    return fail_invalid(ctx, "rounded division is not supported for bool tensors");
  }
  return check_can_cast(ctx, compute, out);
}

void div_tensor(KernelContext& ctx, Span<EValue*> args, bool has_mode) {
  if (!check_arg_count(ctx, args, has_mode ? 4 : 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* other = get_tensor(ctx, args, 1, "other");
  Tensor* out = get_tensor(ctx, args, has_mode ? 3 : 2, "out");
  Rounding mode = Rounding::None;
  if (self == nullptr || other == nullptr || out == nullptr) return;
  if (has_mode && !parse_mode(ctx, args, 2, &mode)) return;
  if (!check_supported_dtype(ctx, *self, "self") || !check_supported_dtype(ctx, *other, "other")) {
    return;
  }
  const ScalarType compute = compute_type(result_type(*self, *other), mode);
  if (!check_compute(ctx, compute, mode, *out)) return;
  if (mode != Rounding::None && is_integral(compute, false) && has_zero(*other)) {
    fail_invalid(ctx, "integer division by zero");
    return;
  }
  BinaryPlan plan;
  if (!plan_binary(ctx, *self, *other, *out, &plan)) return;
  switch_compute_type(compute, [&](auto tag) { div_math<typename decltype(tag)::type>(plan, mode); });
}

void div_scalar(KernelContext& ctx, Span<EValue*> args, bool has_mode) {
  if (!check_arg_count(ctx, args, has_mode ? 4 : 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, has_mode ? 3 : 2, "out");
  Scalar other = Scalar::from_int(1);
  Rounding mode = Rounding::None;
  if (self == nullptr || out == nullptr || !get_scalar(ctx, args, 1, "other", &other)) return;
  if (has_mode && !parse_mode(ctx, args, 2, &mode)) return;
  if (!check_supported_dtype(ctx, *self, "self")) return;
  const ScalarType compute = compute_type(result_type(*self, other), mode);
  if (!check_compute(ctx, compute, mode, *out)) return;
  if (mode != Rounding::None && is_integral(compute, false) && other.as_int() == 0) {
    fail_invalid(ctx, "integer division by zero");
    return;
  }
  BinaryPlan plan;
  const ScalarBox boxed = box_scalar(other, compute);
  if (!plan_binary_scalar(ctx, *self, boxed, *out, &plan)) return;
  switch_compute_type(compute, [&](auto tag) { div_math<typename decltype(tag)::type>(plan, mode); });
}

}  // namespace

void div_out(KernelContext& ctx, Span<EValue*> args) { div_tensor(ctx, args, false); }
void div_out_mode(KernelContext& ctx, Span<EValue*> args) { div_tensor(ctx, args, true); }
void div_scalar_out(KernelContext& ctx, Span<EValue*> args) { div_scalar(ctx, args, false); }
void div_scalar_mode_out(KernelContext& ctx, Span<EValue*> args) { div_scalar(ctx, args, true); }

}  // namespace portable
}  // namespace wick
