// Bindings shared by elementwise unary ops with schema (self, *, out).
//
// unary_float_kernel: floating math (exp, tanh, sigmoid, ...). Integer and
// bool inputs compute in float32, as PyTorch promotes them; float16/bfloat16
// compute in float and round on store. `op` is a generic callable invoked
// with float or double.
//
// unary_same_kernel: ops defined on every dtype (neg, abs, relu, ...);
// computes in self's dtype. `op` is a generic callable; `allow_bool` says
// whether bool inputs are accepted.
#pragma once

#include "kernels/portable/util/args.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/elementwise.h"

namespace wick {
namespace portable {

template <typename Op>
void run_unary_float(const Loop<2>& loop, ScalarType compute, ScalarType out_t, ScalarType in_t,
                     Op op) {
  if (compute == ScalarType::Double) {
    map_unary<double>(loop, out_t, in_t, [&](double x) { return op(x); });
  } else {
    map_unary<float>(loop, out_t, in_t, [&](float x) { return op(x); });
  }
}

// Reads (self, out) from a (self, out, out-return) argument list.
inline bool get_unary_args(KernelContext& ctx, Span<EValue*> args, size_t n_schema,
                           Tensor** self, Tensor** out) {
  if (!check_arg_count(ctx, args, n_schema, 1)) return false;
  *self = get_tensor(ctx, args, 0, "self");
  *out = get_tensor(ctx, args, n_schema - 1, "out");
  return *self != nullptr && *out != nullptr && check_supported_dtype(ctx, **self, "self");
}

inline ScalarType float_compute_type(ScalarType in) {
  return is_floating(in) ? in : ScalarType::Float;
}

// `op` maps float/double to the same type. n_schema counts self, extra
// arguments (already read by the caller) and out.
template <typename Op>
void unary_float_kernel(KernelContext& ctx, Span<EValue*> args, size_t n_schema, Op op) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  if (!get_unary_args(ctx, args, n_schema, &self, &out)) return;
  const ScalarType compute = float_compute_type(self->dtype);
  Loop<2> loop;
  if (!check_can_cast(ctx, compute, *out) || !plan_unary(ctx, *self, *out, &loop)) return;
  run_unary_float(loop, compute, out->dtype, self->dtype, op);
}

template <typename Op>
void unary_same_kernel(KernelContext& ctx, Span<EValue*> args, size_t n_schema, bool allow_bool,
                       Op op) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  if (!get_unary_args(ctx, args, n_schema, &self, &out)) return;
  if (!allow_bool && self->dtype == ScalarType::Bool) {
    fail_invalid(ctx, "not supported for bool tensors");
    return;
  }
  Loop<2> loop;
  if (!check_can_cast(ctx, self->dtype, *out) || !plan_unary(ctx, *self, *out, &loop)) return;
  switch_compute_type(self->dtype, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    map_unary<CT>(loop, out->dtype, self->dtype, [&](CT x) { return static_cast<CT>(op(x)); });
  });
}

}  // namespace portable
}  // namespace wick
