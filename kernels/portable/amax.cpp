// aten::amax.out(self, dim, keepdim) and aten::amin.out: the max/min over
// the listed dims (empty list: all). NaN propagates; an empty reduction is an
// error. out has self's dtype.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {
namespace {

template <typename CT>
void extreme(const ReducePlan& plan, ScalarType in_t, ScalarType out_t, bool want_max) {
  for_each_block(plan, [&](char* o, const char* base) {
    bool first = true;
    CT best = CT(0);
    for_each_in_block(plan, base, [&](const char* e) {
      const CT v = load_as<CT>(e, in_t);
      if constexpr (is_floating_type<CT>()) {
        if (std::isnan(best)) return;
        if (std::isnan(v)) {
          best = v;
          first = false;
          return;
        }
      }
      if (first || (want_max ? v > best : v < best)) best = v;
      first = false;
    });
    store_as<CT>(o, out_t, best);
  });
}

void reduce_extreme(KernelContext& ctx, Span<EValue*> args, bool want_max) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Span<const int64_t> dims;
  bool keepdim = false;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "dim", &dims) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  ReducePlan plan;
  if (!plan_reduction(ctx, *self, true, dims, keepdim, *out, /*allow_empty=*/false, &plan)) {
    return;
  }
  switch_compute_type(self->dtype, [&](auto tag) {
    extreme<typename decltype(tag)::type>(plan, self->dtype, out->dtype, want_max);
  });
}

}  // namespace

void amax_out(KernelContext& ctx, Span<EValue*> args) { reduce_extreme(ctx, args, true); }

void amin_out(KernelContext& ctx, Span<EValue*> args) { reduce_extreme(ctx, args, false); }

}  // namespace portable
}  // namespace wick
