// aten::clone.out, aten::alias_copy.out, dim_order_ops::_clone_dim_order.out,
// dim_order_ops::_to_dim_order_copy.out and aten::_to_copy.out: copy self
// into out, which takes self's shape. The copy follows each tensor's own
// dim_order, so it also converts layouts (contiguous <-> channels-last);
// _to_copy variants also convert the dtype.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {
namespace {

bool copy_into(KernelContext& ctx, Tensor& self, Tensor& out, bool same_dtype) {
  if (!check_supported_dtype(ctx, self, "self") || !check_supported_dtype(ctx, out, "out")) {
    return false;
  }
  if (same_dtype && !check_dtype(ctx, out, "out", self.dtype)) return false;
  if (!resize_output(ctx, out, self.sizes, self.dim)) return false;
  copy_view(view_of(out), view_of(self));
  return true;
}

// An explicit dim_order argument must describe out's layout.
bool check_dim_order(KernelContext& ctx, Span<EValue*> args, size_t i, const Tensor& out) {
  bool present = false;
  Span<const int64_t> order;
  if (!get_optional_int_list(ctx, args, i, "dim_order", &present, &order)) return false;
  if (!present) return true;
  bool same = order.size() == out.dim;
  for (size_t d = 0; same && d < order.size(); ++d) same = order[d] == out.dim_order[d];
  if (!same) return fail_invalid(ctx, "dim_order argument does not match out's dim_order");
  return true;
}

void dim_order_copy(KernelContext& ctx, Span<EValue*> args, bool same_dtype) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  bool non_blocking = false;
  if (self == nullptr || out == nullptr ||
      !get_bool(ctx, args, 1, "non_blocking", &non_blocking) ||
      !check_dim_order(ctx, args, 2, *out)) {
    return;
  }
  copy_into(ctx, *self, *out, same_dtype);
}

}  // namespace

void clone_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (self != nullptr && out != nullptr) copy_into(ctx, *self, *out, /*same_dtype=*/true);
}

void alias_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (self != nullptr && out != nullptr) copy_into(ctx, *self, *out, /*same_dtype=*/true);
}

void clone_dim_order_out(KernelContext& ctx, Span<EValue*> args) {
  dim_order_copy(ctx, args, /*same_dtype=*/true);
}

void to_dim_order_copy_out(KernelContext& ctx, Span<EValue*> args) {
  dim_order_copy(ctx, args, /*same_dtype=*/false);
}

// _to_copy.out(self, *, non_blocking, memory_format, out).
void to_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  if (self != nullptr && out != nullptr) copy_into(ctx, *self, *out, /*same_dtype=*/false);
}

}  // namespace portable
}  // namespace wick
