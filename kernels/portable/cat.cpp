// aten::cat.out(tensors, dim): concatenation along dim. As in PyTorch, 1-D
// empty tensors (shape [0]) are skipped whatever the others' rank; the result
// dtype is the promoted dtype of all inputs and must be castable to out.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/promote.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {
namespace {

bool is_skipped(const Tensor& t) { return t.dim == 1 && t.sizes[0] == 0; }

}  // namespace

void cat_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  TensorList list;
  int64_t dim = 0;
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (out == nullptr || !get_tensor_list(ctx, args, 0, "tensors", &list) ||
      !get_int(ctx, args, 1, "dim", &dim)) {
    return;
  }
  if (list.size == 0) {
    fail_invalid(ctx, "expected a non-empty list of tensors");
    return;
  }
  const Tensor* ref = nullptr;
  ResultType result;
  for (size_t i = 0; i < list.size; ++i) {
    if (!check_supported_dtype(ctx, *list.items[i], "tensors entry")) return;
    result.add_tensor(*list.items[i]);
    if (ref == nullptr && !is_skipped(*list.items[i])) ref = list.items[i];
  }
  if (!check_supported_dtype(ctx, *out, "out")) return;
  const ScalarType common = result.get();
  if (!can_cast(common, out->dtype)) {
    fail_invalid(ctx, "result type %s can't be cast to the output dtype %s",
                 scalar_type_name(common), scalar_type_name(out->dtype));
    return;
  }
  if (ref == nullptr) {  // every input is an empty 1-D tensor
    const int32_t empty[1] = {0};
    resize_output(ctx, *out, empty, 1);
    return;
  }
  int d = 0;
  if (!wrap_dim(ctx, dim, ref->dim, &d)) return;
  int32_t sizes[kMaxRank];
  for (int k = 0; k < ref->dim; ++k) sizes[k] = ref->sizes[k];
  int64_t total = 0;
  for (size_t i = 0; i < list.size; ++i) {
    const Tensor& t = *list.items[i];
    if (is_skipped(t)) continue;
    if (t.dim != ref->dim) {
      fail_invalid(ctx, "tensor %lu has rank %d, expected %d", static_cast<unsigned long>(i),
                   t.dim, ref->dim);
      return;
    }
    for (int k = 0; k < t.dim; ++k) {
      if (k != d && t.sizes[k] != ref->sizes[k]) {
        fail_invalid(ctx, "tensor %lu has size %d at dim %d, expected %d",
                     static_cast<unsigned long>(i), static_cast<int>(t.sizes[k]), k, static_cast<int>(ref->sizes[k]));
        return;
      }
    }
    total += t.sizes[d];
  }
  if (total > INT32_MAX) {
    fail_invalid(ctx, "concatenated size %lld is too large", static_cast<long long>(total));
    return;
  }
  sizes[d] = static_cast<int32_t>(total);
  if (!resize_output(ctx, *out, sizes, ref->dim)) return;
  const View dst = view_of(*out);
  int64_t offset = 0;
  for (size_t i = 0; i < list.size; ++i) {
    const Tensor& t = *list.items[i];
    if (is_skipped(t)) continue;
    copy_view(narrow_view(dst, d, offset, t.sizes[d]), view_of(t));
    offset += t.sizes[d];
  }
}

}  // namespace portable
}  // namespace wick
