// aten::argmax.out(self, dim?, keepdim) and aten::argmin.out: int64 index of
// the first max/min along dim (dim None: over the flattened tensor). A NaN
// counts as the extreme (its first occurrence wins), as in torch.
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
void arg_extreme(const ReducePlan& plan, ScalarType in_t, bool want_max) {
  for_each_block(plan, [&](char* o, const char* base) {
    int64_t best_index = 0;
    CT best = CT(0);
    bool best_nan = false;
    for_each_in_block_logical(plan, base, [&](const char* e, int64_t k) {
      if (best_nan) return;
      const CT v = load_as<CT>(e, in_t);
      bool take = k == 0 || (want_max ? v > best : v < best);
      if constexpr (is_floating_type<CT>()) {
        if (std::isnan(v)) {
          take = true;
          best_nan = true;
        }
      }
      if (take) {
        best = v;
        best_index = k;
      }
    });
    *reinterpret_cast<int64_t*>(o) = best_index;
  });
}

void reduce_arg(KernelContext& ctx, Span<EValue*> args, bool want_max) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  bool has_dim = false;
  int64_t dim = 0;
  bool keepdim = false;
  if (self == nullptr || out == nullptr || !get_optional_int(ctx, args, 1, "dim", &has_dim, &dim) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", ScalarType::Long)) {
    return;
  }
  if (self->dtype == ScalarType::Bool) {
    fail_invalid(ctx, "not supported for bool tensors");
    return;
  }
  ReducePlan plan;
  const int64_t dims[1] = {dim};
  if (!plan_reduction(ctx, *self, has_dim, Span<const int64_t>(dims, has_dim ? 1 : 0), keepdim,
                      *out, /*allow_empty=*/false, &plan)) {
    return;
  }
  switch_compute_type(self->dtype, [&](auto tag) {
    arg_extreme<typename decltype(tag)::type>(plan, self->dtype, want_max);
  });
}

}  // namespace

void argmax_out(KernelContext& ctx, Span<EValue*> args) { reduce_arg(ctx, args, true); }

void argmin_out(KernelContext& ctx, Span<EValue*> args) { reduce_arg(ctx, args, false); }

}  // namespace portable
}  // namespace wick
