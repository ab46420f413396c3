// aten::logsumexp.out(self, dim, keepdim): log(sum(exp(x))) over dims,
// computed as m + log(sum(exp(x - m))) with m the block max (an all -inf
// block gives -inf, a +inf element gives +inf), in double.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {

void logsumexp_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Span<const int64_t> dims;
  bool keepdim = false;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "dim", &dims) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim) || !check_supported_dtype(ctx, *self, "self")) {
    return;
  }
  if (!is_floating(out->dtype)) {
    fail_invalid(ctx, "out must be floating, got %s", scalar_type_name(out->dtype));
    return;
  }
  ReducePlan plan;
  if (!plan_reduction(ctx, *self, true, dims, keepdim, *out, /*allow_empty=*/true, &plan)) return;
  const ScalarType t = self->dtype;
  for_each_block(plan, [&](char* o, const char* base) {
    double m = -INFINITY;
    for_each_in_block(plan, base, [&](const char* e) {
      const double v = load_double(e, t);
      m = (v > m || std::isnan(v)) ? v : m;
    });
    double result = m;
    if (std::isfinite(m)) {
      double sum = 0.0;
      for_each_in_block(plan, base, [&](const char* e) { sum += std::exp(load_double(e, t) - m); });
      result = m + std::log(sum);
    }
    store_as<double>(o, out->dtype, result);
  });
}

}  // namespace portable
}  // namespace wick
