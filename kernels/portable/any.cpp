// aten::any.all_out(self), aten::any.dims_out(self, dim?, keepdim) and
// aten::all.all_out(self): logical reductions (non-zero is true; NaN is
// true). out is bool (or uint8, as torch allows for uint8 inputs).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/reduce.h"

namespace wick {
namespace portable {
namespace {

void logical_reduce(KernelContext& ctx, Tensor& self, bool has_dims, Span<const int64_t> dims,
                    bool keepdim, Tensor& out, bool want_any) {
  if (!check_supported_dtype(ctx, self, "self")) return;
  if (out.dtype != ScalarType::Bool && out.dtype != ScalarType::Byte) {
    fail_invalid(ctx, "out must be bool or uint8, got %s", scalar_type_name(out.dtype));
    return;
  }
  ReducePlan plan;
  if (!plan_reduction(ctx, self, has_dims, dims, keepdim, out, /*allow_empty=*/true, &plan)) {
    return;
  }
  for_each_block(plan, [&](char* o, const char* base) {
    bool result = !want_any;
    for_each_in_block(plan, base, [&](const char* e) {
      const bool v = load_bool(e, self.dtype);
      result = want_any ? (result || v) : (result && v);
    });
    store_as<bool>(o, out.dtype, result);
  });
}

void all_elements(KernelContext& ctx, Span<EValue*> args, bool want_any) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (self != nullptr && out != nullptr) {
    logical_reduce(ctx, *self, false, Span<const int64_t>(), false, *out, want_any);
  }
}

}  // namespace

void any_all_out(KernelContext& ctx, Span<EValue*> args) { all_elements(ctx, args, true); }

void all_all_out(KernelContext& ctx, Span<EValue*> args) { all_elements(ctx, args, false); }

void any_dims_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  bool has_dims = false;
  Span<const int64_t> dims;
  bool keepdim = false;
  if (self == nullptr || out == nullptr ||
      !get_optional_int_list(ctx, args, 1, "dim", &has_dims, &dims) ||
      !get_bool(ctx, args, 2, "keepdim", &keepdim)) {
    return;
  }
  logical_reduce(ctx, *self, has_dims, dims, keepdim, *out, true);
}

}  // namespace portable
}  // namespace wick
