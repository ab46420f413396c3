// aten::sum.IntList_out(self, dim?, keepdim, dtype?) and
// aten::mean.out(self, dim?, keepdim, dtype?). An absent or empty dim list
// reduces everything. Floats accumulate in double (closer to torch's
// cascade sum than a float running sum); integers and bool accumulate in
// int64 (wrapping). mean needs a floating result and gives NaN for an empty
// reduction, as torch.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {
namespace {

void reduce_sum(KernelContext& ctx, Span<EValue*> args, bool mean) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  bool has_dims = false;
  Span<const int64_t> dims;
  bool keepdim = false;
  bool has_dtype = false;
  int64_t dtype = 0;
  if (self == nullptr || out == nullptr ||
      !get_optional_int_list(ctx, args, 1, "dim", &has_dims, &dims) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim) ||
      !get_optional_int(ctx, args, 3, "dtype", &has_dtype, &dtype) ||
      !check_supported_dtype(ctx, *self, "self") || !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  if (has_dtype && dtype != static_cast<int64_t>(out->dtype)) {
    fail_invalid(ctx, "dtype argument %lld differs from out dtype %s",
                 static_cast<long long>(dtype), scalar_type_name(out->dtype));
    return;
  }
  if (mean && !is_floating(out->dtype)) {
    fail_invalid(ctx, "mean needs a floating output, got %s", scalar_type_name(out->dtype));
    return;
  }
  if (mean && !has_dtype && !is_floating(self->dtype)) {
    fail_invalid(ctx, "mean of %s input needs an explicit floating dtype",
                 scalar_type_name(self->dtype));
    return;
  }
  ReducePlan plan;
  if (!plan_reduction(ctx, *self, has_dims, dims, keepdim, *out, /*allow_empty=*/true, &plan)) {
    return;
  }
  const ScalarType in_t = self->dtype;
  const ScalarType out_t = out->dtype;
  const double count = static_cast<double>(plan.block_size);
  if (is_floating(in_t) || is_floating(out_t)) {
    const bool float_in = in_t == ScalarType::Float;
    for_each_block(plan, [&](char* o, const char* base) {
      double acc = 0.0;
      if (float_in) {
        for_each_in_block(plan, base, [&](const char* e) { acc += *reinterpret_cast<const float*>(e); });
      } else {
        for_each_in_block(plan, base, [&](const char* e) { acc += load_double(e, in_t); });
      }
      store_as<double>(o, out_t, mean ? acc / count : acc);
    });
  } else {
    for_each_block(plan, [&](char* o, const char* base) {
      uint64_t acc = 0;
      for_each_in_block(plan, base, [&](const char* e) {
        acc += static_cast<uint64_t>(load_int64(e, in_t));
      });
      store_as<int64_t>(o, out_t, static_cast<int64_t>(acc));
    });
  }
}

}  // namespace

void sum_intlist_out(KernelContext& ctx, Span<EValue*> args) { reduce_sum(ctx, args, false); }

void mean_out(KernelContext& ctx, Span<EValue*> args) { reduce_sum(ctx, args, true); }

}  // namespace portable
}  // namespace wick
