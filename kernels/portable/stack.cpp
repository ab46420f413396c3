// aten::stack.out(tensors, dim): the inputs (all the same shape) joined
// along a new dimension `dim`; dtypes promote as in cat.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/promote.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void stack_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  TensorList list;
  int64_t dim = 0;
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (out == nullptr || !get_tensor_list(ctx, args, 0, "tensors", &list) ||
      !get_int(ctx, args, 1, "dim", &dim) || !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  if (list.size == 0) {
    fail_invalid(ctx, "expected a non-empty list of tensors");
    return;
  }
  const Tensor& first = *list.items[0];
  if (first.dim + 1 > kMaxRank) {
    fail_invalid(ctx, "result rank exceeds %d", kMaxRank);
    return;
  }
  int d = 0;
  if (!wrap_dim(ctx, dim, first.dim + 1, &d)) return;
  ResultType result;
  for (size_t i = 0; i < list.size; ++i) {
    const Tensor& t = *list.items[i];
    if (!check_supported_dtype(ctx, t, "tensors entry")) return;
    bool same = t.dim == first.dim;
    for (int k = 0; same && k < t.dim; ++k) same = t.sizes[k] == first.sizes[k];
    if (!same) {
      fail_invalid(ctx, "tensor %lu has a different shape than tensor 0",
                   static_cast<unsigned long>(i));
      return;
    }
    result.add_tensor(t);
  }
  if (!can_cast(result.get(), out->dtype)) {
    fail_invalid(ctx, "result type %s can't be cast to the output dtype %s",
                 scalar_type_name(result.get()), scalar_type_name(out->dtype));
    return;
  }
  if (list.size > INT32_MAX) return;
  int32_t sizes[kMaxRank];
  for (int k = 0, j = 0; k <= first.dim; ++k) {
    sizes[k] = k == d ? static_cast<int32_t>(list.size) : first.sizes[j++];
  }
  if (!resize_output(ctx, *out, sizes, first.dim + 1)) return;
  const View dst = view_of(*out);
  for (size_t i = 0; i < list.size; ++i) {
    copy_view(select_view(dst, d, static_cast<int64_t>(i)), view_of(*list.items[i]));
  }
}

}  // namespace portable
}  // namespace wick
