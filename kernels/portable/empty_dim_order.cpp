// dim_order_ops::_empty_dim_order.out(size, dim_order?) and aten::empty.out:
// only shapes out (contents are unspecified, as torch.empty).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void empty_dim_order_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Span<const int64_t> size;
  bool has_order = false;
  Span<const int64_t> order;
  Tensor* out = get_tensor(ctx, args, 2, "out");
  int32_t sizes[kMaxRank];
  if (out == nullptr || !get_int_list(ctx, args, 0, "size", &size) ||
      !get_optional_int_list(ctx, args, 1, "dim_order", &has_order, &order) ||
      !sizes_from_list(ctx, size, sizes)) {
    return;
  }
  if (has_order) {
    bool same = order.size() == out->dim;
    for (size_t d = 0; same && d < order.size(); ++d) same = order[d] == out->dim_order[d];
    if (!same) {
      fail_invalid(ctx, "dim_order argument does not match out's dim_order");
      return;
    }
  }
  resize_output(ctx, *out, sizes, static_cast<int>(size.size()));
}

}  // namespace portable
}  // namespace wick
