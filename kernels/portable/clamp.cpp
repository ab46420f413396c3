// aten::clamp.out(self, min?, max?), aten::clamp.Tensor_out(self, min?, max?)
// and aten::hardtanh.out(self, min_val, max_val). Computes
// min(max(x, lo), hi) in the promoted type with NaN-propagating min/max, as
// PyTorch does: a NaN input or a NaN bound gives NaN, and lo > hi gives hi.
// hardtanh keeps self's dtype.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/arith.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/elementwise.h"

namespace wick {
namespace portable {
namespace {

template <typename CT>
CT clamp_value(CT x, bool has_lo, CT lo, bool has_hi, CT hi) {
  // x != x only for NaN (always false for integers).
  if (x != x) return x;
  if (has_lo && lo != lo) return lo;
  if (has_hi && hi != hi) return hi;
  CT r = x;
  if (has_lo && r < lo) r = lo;
  if (has_hi && r > hi) r = hi;
  return r;
}

void clamp_scalars(KernelContext& ctx, Tensor& self, Tensor& out, ScalarType common, bool has_lo,
                   const Scalar& lo, bool has_hi, const Scalar& hi) {
  Loop<2> loop;
  if (!check_can_cast(ctx, common, out) || !plan_unary(ctx, self, out, &loop)) return;
  switch_compute_type(common, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    const CT l = lo.as<CT>();
    const CT h = hi.as<CT>();
    // One branch-free lambda per case so the typed loops vectorise. A NaN x
    // fails both comparisons and stays NaN; a NaN bound makes every result NaN.
    if ((has_lo && l != l) || (has_hi && h != h)) {
      const CT nan = has_lo && l != l ? l : h;
      map_unary<CT>(loop, out.dtype, self.dtype, [=](CT) { return nan; });
    } else if (has_lo && has_hi) {
      map_unary<CT>(loop, out.dtype, self.dtype, [=](CT x) {
        const CT r = x < l ? l : x;
        return r > h ? h : r;
      });
    } else if (has_lo) {
      map_unary<CT>(loop, out.dtype, self.dtype, [=](CT x) { return x < l ? l : x; });
    } else {
      map_unary<CT>(loop, out.dtype, self.dtype, [=](CT x) { return x > h ? h : x; });
    }
  });
}

}  // namespace

void clamp_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  bool has_lo = false;
  bool has_hi = false;
  Scalar lo = Scalar::from_int(0);
  Scalar hi = Scalar::from_int(0);
  if (self == nullptr || out == nullptr || !get_optional_scalar(ctx, args, 1, "min", &has_lo, &lo) ||
      !get_optional_scalar(ctx, args, 2, "max", &has_hi, &hi) ||
      !check_supported_dtype(ctx, *self, "self")) {
    return;
  }
  if (!has_lo && !has_hi) {
    fail_invalid(ctx, "at least one of min or max must not be None");
    return;
  }
  if (self->dtype == ScalarType::Bool) {
    fail_invalid(ctx, "clamp is not supported for bool tensors");
    return;
  }
  ResultType r;
  r.add_tensor(*self);
  if (has_lo) r.add_scalar(lo);
  if (has_hi) r.add_scalar(hi);
  clamp_scalars(ctx, *self, *out, r.get(), has_lo, lo, has_hi, hi);
}

void hardtanh_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Scalar lo = Scalar::from_int(-1);
  Scalar hi = Scalar::from_int(1);
  if (self == nullptr || out == nullptr || !get_scalar(ctx, args, 1, "min_val", &lo) ||
      !get_scalar(ctx, args, 2, "max_val", &hi) || !check_supported_dtype(ctx, *self, "self")) {
    return;
  }
  if (self->dtype == ScalarType::Bool) {
    fail_invalid(ctx, "hardtanh is not supported for bool tensors");
    return;
  }
  clamp_scalars(ctx, *self, *out, self->dtype, true, lo, true, hi);
}

void clamp_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Tensor* lo = nullptr;
  Tensor* hi = nullptr;
  if (self == nullptr || out == nullptr || !get_optional_tensor(ctx, args, 1, "min", &lo) ||
      !get_optional_tensor(ctx, args, 2, "max", &hi) || !check_supported_dtype(ctx, *self, "self") ||
      !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  if (lo == nullptr && hi == nullptr) {
    fail_invalid(ctx, "at least one of min or max must not be None");
    return;
  }
  ResultType r;
  r.add_tensor(*self);
  int32_t sizes[kMaxRank];
  int rank = self->dim;
  for (int d = 0; d < rank; ++d) sizes[d] = self->sizes[d];
  Tensor* const bounds[2] = {lo, hi};
  for (Tensor* bound : bounds) {
    if (bound == nullptr) continue;
    if (!check_supported_dtype(ctx, *bound, "bound")) return;
    r.add_tensor(*bound);
    int32_t next[kMaxRank];
    int next_rank = 0;
    if (!broadcast_shapes(sizes, rank, bound->sizes, bound->dim, next, &next_rank)) {
      fail_invalid(ctx, "self and the bounds do not broadcast together");
      return;
    }
    for (int d = 0; d < next_rank; ++d) sizes[d] = next[d];
    rank = next_rank;
  }
  const ScalarType common = r.get();
  if (common == ScalarType::Bool) {
    fail_invalid(ctx, "clamp is not supported for bool tensors");
    return;
  }
  if (!check_can_cast(ctx, common, *out) || !resize_output(ctx, *out, sizes, rank)) return;
  View vo = view_of(*out);
  View vs;
  View vl;
  View vh;
  broadcast_view(*self, rank, sizes, &vs);
  // A missing bound reads self (never used) so the loop shape stays uniform.
  vl = vs;
  vh = vs;
  if (lo != nullptr) broadcast_view(*lo, rank, sizes, &vl);
  if (hi != nullptr) broadcast_view(*hi, rank, sizes, &vh);
  const View* views[4] = {&vo, &vs, &vl, &vh};
  const Loop<4> loop = make_loop(views);
  const bool has_lo = lo != nullptr;
  const bool has_hi = hi != nullptr;
  switch_compute_type(common, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        const CT x = load_as<CT>(p[1] + i * s[1], vs.dtype);
        const CT l = has_lo ? load_as<CT>(p[2] + i * s[2], vl.dtype) : CT(0);
        const CT h = has_hi ? load_as<CT>(p[3] + i * s[3], vh.dtype) : CT(0);
        store_as<CT>(p[0] + i * s[0], vo.dtype, clamp_value<CT>(x, has_lo, l, has_hi, h));
      }
    });
  });
}

}  // namespace portable
}  // namespace wick
