// executorch_prim::et_copy_index.tensor(copy_to, copy_from, index): writes
// copy_from into copy_to[index], growing a dynamic copy_to's first dimension
// to index + 1 when needed (how loop bodies stack their per-iteration results).
#include <string.h>

#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {

void et_copy_index(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 3)) return;
  Tensor* to = portable::get_tensor(ctx, args, 0, "copy_to");
  Tensor* from = portable::get_tensor(ctx, args, 1, "copy_from");
  int64_t index = 0;
  if (to == nullptr || from == nullptr || !portable::get_int(ctx, args, 2, "index", &index)) {
    return;
  }
  if (to->dtype != from->dtype || to->dim != from->dim + 1) {
    portable::fail_invalid(ctx, "copy_to (%s, rank %d) must be copy_from (%s, rank %d) plus a "
                           "leading dimension", scalar_type_name(to->dtype), to->dim,
                           scalar_type_name(from->dtype), from->dim);
    return;
  }
  for (int d = 0; d < from->dim; ++d) {
    if (to->sizes[d + 1] != from->sizes[d]) {
      portable::fail_invalid(ctx, "copy_to size %d at dim %d differs from copy_from size %d",
                             static_cast<int>(to->sizes[d + 1]), d + 1, static_cast<int>(from->sizes[d]));
      return;
    }
  }
  if (!to->is_contiguous() || !from->is_contiguous()) {
    portable::fail_invalid(ctx, "copy_to and copy_from must be contiguous");
    return;
  }
  if (index < 0 || index >= INT32_MAX) {
    portable::fail_invalid(ctx, "index %lld out of range", static_cast<long long>(index));
    return;
  }
  if (index >= to->sizes[0]) {
    int32_t sizes[kMaxRank];
    for (int d = 0; d < to->dim; ++d) sizes[d] = to->sizes[d];
    sizes[0] = static_cast<int32_t>(index + 1);
    if (!portable::resize_output(ctx, *to, sizes, to->dim)) return;
  }
  const size_t row_bytes = from->nbytes();
  memcpy(static_cast<char*>(to->data) + static_cast<size_t>(index) * row_bytes, from->data,
         row_bytes);
}

}  // namespace prim
}  // namespace wick
