// aten::prod.int_out(self, dim, keepdim, dtype?) and aten::prod.out(self,
// dtype?): products (floats in double, integers in wrapping int64; integer
// and bool inputs default to an int64 result as in torch).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {
namespace {

void product(KernelContext& ctx, Tensor& self, bool has_dim, int64_t dim, bool keepdim,
             bool has_dtype, int64_t dtype, Tensor& out) {
  if (!check_supported_dtype(ctx, self, "self") || !check_supported_dtype(ctx, out, "out")) return;
  if (has_dtype && dtype != static_cast<int64_t>(out.dtype)) {
    fail_invalid(ctx, "dtype argument %lld differs from out dtype %s",
                 static_cast<long long>(dtype), scalar_type_name(out.dtype));
    return;
  }
  ReducePlan plan;
  const int64_t dims[1] = {dim};
  if (!plan_reduction(ctx, self, has_dim, Span<const int64_t>(dims, has_dim ? 1 : 0), keepdim, out,
                      /*allow_empty=*/true, &plan)) {
    return;
  }
  const bool floating = is_floating(self.dtype) || is_floating(out.dtype);
  for_each_block(plan, [&](char* o, const char* base) {
    if (floating) {
      double acc = 1.0;
      for_each_in_block(plan, base, [&](const char* e) { acc *= load_double(e, self.dtype); });
      store_as<double>(o, out.dtype, acc);
    } else {
      uint64_t acc = 1;
      for_each_in_block(plan, base, [&](const char* e) {
        acc *= static_cast<uint64_t>(load_int64(e, self.dtype));
      });
      store_as<int64_t>(o, out.dtype, static_cast<int64_t>(acc));
    }
  });
}

}  // namespace

void prod_int_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  int64_t dim = 0;
  bool keepdim = false;
  bool has_dtype = false;
  int64_t dtype = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim) ||
      !get_optional_int(ctx, args, 3, "dtype", &has_dtype, &dtype)) {
    return;
  }
  product(ctx, *self, true, dim, keepdim, has_dtype, dtype, *out);
}

void prod_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  bool has_dtype = false;
  int64_t dtype = 0;
  if (self == nullptr || out == nullptr ||
      !get_optional_int(ctx, args, 1, "dtype", &has_dtype, &dtype)) {
    return;
  }
  product(ctx, *self, false, 0, false, has_dtype, dtype, *out);
}

}  // namespace portable
}  // namespace wick
