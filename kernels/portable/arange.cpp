// aten::arange.out(end) and aten::arange.start_out(start, end, step): a 1-D
// tensor of ceil((end - start) / step) values start + i * step (computed in
// double, or exactly in int64 when all arguments are integers).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

void fill_range(KernelContext& ctx, const Scalar& start, const Scalar& end, const Scalar& step,
                Tensor& out) {
  if (!check_supported_dtype(ctx, out, "out")) return;
  const double s = start.as_double(), e = end.as_double(), st = step.as_double();
  if (st == 0.0 || std::isnan(s) || std::isnan(e) || std::isnan(st) || std::isinf(s) ||
      std::isinf(e)) {
    // No %g: device printf formats floats through the heap.
    fail_invalid(ctx, "invalid range: the step is 0, or start, end or step is NaN or infinite");
    return;
  }
  if ((st > 0 && e < s) || (st < 0 && e > s)) {
    fail_invalid(ctx, "upper bound and larger bound inconsistent with step sign");
    return;
  }
  const bool integral = start.is_integral() && end.is_integral() && step.is_integral();
  const double count_d = std::ceil((e - s) / st);
  if (!(count_d >= 0 && count_d <= INT32_MAX)) {
    fail_invalid(ctx, "range of more than 2^31 - 1 elements");
    return;
  }
  int32_t count = static_cast<int32_t>(count_d);
  if (integral) {
    // Exact ceil((end - start) / step); the double check above bounds it.
    const int64_t span = end.as_int() - start.as_int();
    const int64_t stp = step.as_int();
    count = static_cast<int32_t>(span / stp + (span % stp != 0 ? 1 : 0));
  }
  if (!resize_output(ctx, out, &count, 1)) return;
  const View v = view_of(out);
  const int64_t es = static_cast<int64_t>(out.element_size());
  for (int32_t i = 0; i < count; ++i) {
    char* dst = v.data + i * v.strides[0] * es;
    if (integral) {
      store_as<int64_t>(dst, out.dtype, start.as_int() + i * step.as_int());
    } else {
      store_as<double>(dst, out.dtype, s + i * st);
    }
  }
}

}  // namespace

void arange_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Scalar end = Scalar::from_int(0);
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (out == nullptr || !get_scalar(ctx, args, 0, "end", &end)) return;
  fill_range(ctx, Scalar::from_int(0), end, Scalar::from_int(1), *out);
}

void arange_start_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Scalar start = Scalar::from_int(0);
  Scalar end = Scalar::from_int(0);
  Scalar step = Scalar::from_int(1);
  Tensor* out = get_tensor(ctx, args, 3, "out");
  if (out == nullptr || !get_scalar(ctx, args, 0, "start", &start) ||
      !get_scalar(ctx, args, 1, "end", &end) || !get_scalar(ctx, args, 2, "step", &step)) {
    return;
  }
  fill_range(ctx, start, end, step, *out);
}

}  // namespace portable
}  // namespace wick
