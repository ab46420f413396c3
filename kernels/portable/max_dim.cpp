// aten::max.dim_max(self, dim, keepdim, max, max_values) and
// aten::min.dim_min(self, dim, keepdim, min, min_indices): values and int64
// indices of the first max/min along dim; a NaN counts as the extreme (first
// NaN wins), as torch.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/shape.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

// Output view with self's rank: dim d has size 1 (keepdim layout).
View keepdim_view(const Tensor& out, int rank, int d, bool keepdim) {
  const View o = view_of(out);
  View v;
  v.data = o.data;
  v.dtype = o.dtype;
  v.rank = rank;
  for (int k = 0, j = 0; k < rank; ++k) {
    if (k == d) {
      v.sizes[k] = 1;
      v.strides[k] = 0;
      if (keepdim) ++j;
    } else {
      v.sizes[k] = o.sizes[j];
      v.strides[k] = o.strides[j];
      ++j;
    }
  }
  return v;
}

template <typename CT>
void extreme_along(const Loop<3>& loop, int64_t length, int64_t in_step, ScalarType in_t,
                   ScalarType out_t, bool want_max) {
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const char* in = p[2] + i * s[2];
      CT best = load_as<CT>(in, in_t);
      int64_t best_index = 0;
      bool nan = false;
      if constexpr (is_floating_type<CT>()) nan = std::isnan(best);
      for (int64_t k = 1; k < length && !nan; ++k) {
        const CT v = load_as<CT>(in + k * in_step, in_t);
        bool take = want_max ? v > best : v < best;
        if constexpr (is_floating_type<CT>()) {
          nan = std::isnan(v);
          take = take || nan;
        }
        if (take) {
          best = v;
          best_index = k;
        }
      }
      store_as<CT>(p[0] + i * s[0], out_t, best);
      *reinterpret_cast<int64_t*>(p[1] + i * s[1]) = best_index;
    }
  });
}

void extreme_dim(KernelContext& ctx, Span<EValue*> args, bool want_max) {
  if (!check_arg_count(ctx, args, 5, 2)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* values = get_tensor(ctx, args, 3, "values");
  Tensor* indices = get_tensor(ctx, args, 4, "indices");
  int64_t dim = 0;
  bool keepdim = false;
  int d = 0;
  if (self == nullptr || values == nullptr || indices == nullptr ||
      !get_int(ctx, args, 1, "dim", &dim) || !get_bool(ctx, args, 2, "keepdim", &keepdim) ||
      !wrap_dim(ctx, dim, self->dim, &d) || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *values, "values", self->dtype) ||
      !check_dtype(ctx, *indices, "indices", ScalarType::Long)) {
    return;
  }
  const int rank = self->dim;
  const int64_t length = rank > 0 ? self->sizes[d] : 1;
  if (length == 0) {
    fail_invalid(ctx, "cannot reduce an empty dimension");
    return;
  }
  int32_t sizes[kMaxRank];
  int out_rank = 0;
  for (int k = 0; k < rank; ++k) {
    if (k != d || keepdim) sizes[out_rank++] = k == d ? 1 : self->sizes[k];
  }
  if (!resize_output(ctx, *values, sizes, out_rank) ||
      !resize_output(ctx, *indices, sizes, out_rank)) {
    return;
  }
  if (self->numel == 0) return;
  View in = view_of(*self);
  const int64_t in_step = rank > 0 ? in.strides[d] * static_cast<int64_t>(self->element_size()) : 0;
  View vv = rank > 0 ? keepdim_view(*values, rank, d, keepdim) : view_of(*values);
  View vi = rank > 0 ? keepdim_view(*indices, rank, d, keepdim) : view_of(*indices);
  if (rank > 0) in.sizes[d] = 1;
  const View* views[3] = {&vv, &vi, &in};
  const Loop<3> loop = make_loop(views);
  switch_compute_type(self->dtype, [&](auto tag) {
    extreme_along<typename decltype(tag)::type>(loop, length, in_step, self->dtype, values->dtype,
                                                want_max);
  });
}

}  // namespace

void max_dim_max(KernelContext& ctx, Span<EValue*> args) { extreme_dim(ctx, args, true); }

void min_dim_min(KernelContext& ctx, Span<EValue*> args) { extreme_dim(ctx, args, false); }

}  // namespace portable
}  // namespace wick
