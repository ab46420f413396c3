// aten::var.correction_out / std.correction_out(self, dim?, *, correction?,
// keepdim) and aten::var.out / std.out(self, dim?, unbiased, keepdim):
// two-pass variance in double, divided by (N - correction) (default
// correction 1); a non-positive divisor gives NaN/inf as torch.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {
namespace {

void variance(KernelContext& ctx, Tensor& self, bool has_dims, Span<const int64_t> dims,
              double correction, bool keepdim, Tensor& out, bool take_sqrt) {
  if (!is_floating(self.dtype) || !check_dtype(ctx, out, "out", self.dtype)) {
    if (ctx.failure() == Error::Ok) fail_invalid(ctx, "needs a floating tensor");
    return;
  }
  ReducePlan plan;
  if (!plan_reduction(ctx, self, has_dims, dims, keepdim, out, /*allow_empty=*/true, &plan)) {
    return;
  }
  const double n = static_cast<double>(plan.block_size);
  const double divisor = n - correction > 0 ? n - correction : 0.0;
  for_each_block(plan, [&](char* o, const char* base) {
    double sum = 0.0;
    for_each_in_block(plan, base, [&](const char* e) { sum += load_double(e, self.dtype); });
    const double mean = sum / n;
    double sq = 0.0;
    for_each_in_block(plan, base, [&](const char* e) {
      const double d = load_double(e, self.dtype) - mean;
      sq += d * d;
    });
    const double v = sq / divisor;
    store_as<double>(o, out.dtype, take_sqrt ? std::sqrt(v) : v);
  });
}

void correction_kernel(KernelContext& ctx, Span<EValue*> args, bool take_sqrt) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  bool has_dims = false;
  Span<const int64_t> dims;
  bool has_correction = false;
  Scalar correction = Scalar::from_int(1);
  bool keepdim = false;
  if (self == nullptr || out == nullptr ||
      !get_optional_int_list(ctx, args, 1, "dim", &has_dims, &dims) ||
      !get_optional_scalar(ctx, args, 2, "correction", &has_correction, &correction) ||
      !get_bool(ctx, args, 3, "keepdim", &keepdim)) {
    return;
  }
  variance(ctx, *self, has_dims, dims, has_correction ? correction.as_double() : 1.0, keepdim, *out,
           take_sqrt);
}

void unbiased_kernel(KernelContext& ctx, Span<EValue*> args, bool take_sqrt) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  bool has_dims = false;
  Span<const int64_t> dims;
  bool unbiased = true;
  bool keepdim = false;
  if (self == nullptr || out == nullptr ||
      !get_optional_int_list(ctx, args, 1, "dim", &has_dims, &dims) ||
      !get_bool(ctx, args, 2, "unbiased", &unbiased) || !get_bool(ctx, args, 3, "keepdim", &keepdim)) {
    return;
  }
  variance(ctx, *self, has_dims, dims, unbiased ? 1.0 : 0.0, keepdim, *out, take_sqrt);
}

}  // namespace

void var_correction_out(KernelContext& ctx, Span<EValue*> args) { correction_kernel(ctx, args, false); }
void std_correction_out(KernelContext& ctx, Span<EValue*> args) { correction_kernel(ctx, args, true); }
void var_out(KernelContext& ctx, Span<EValue*> args) { unbiased_kernel(ctx, args, false); }
void std_out(KernelContext& ctx, Span<EValue*> args) { unbiased_kernel(ctx, args, true); }

}  // namespace portable
}  // namespace wick
