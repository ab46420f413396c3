// aten::index.Tensor_out(self, indices): advanced indexing with int32/int64
// index tensors (None entries keep a dimension). The index tensors broadcast
// together; their result dims replace the indexed dims in place when the
// indexed dims are adjacent, otherwise they go first, as in torch. Bool
// masks (data-dependent shapes) are not supported.
#include <string.h>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

void index_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (self == nullptr || out == nullptr || !check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const EValue* list_value = args[1];
  if (!list_value->is_optional_tensor_list() && !list_value->is_tensor_list()) {
    fail_invalid(ctx, "indices must be a list of optional tensors, got %s",
                 tag_name(list_value->tag));
    return;
  }
  Tensor* const* items = list_value->is_tensor_list() ? list_value->to_tensor_list().items
                                                      : list_value->to_optional_tensor_list().items;
  const size_t count = list_value->is_tensor_list() ? list_value->to_tensor_list().size
                                                    : list_value->to_optional_tensor_list().size;
  if (count > self->dim) {
    fail_invalid(ctx, "too many indices (%lu) for a rank-%d tensor",
                 static_cast<unsigned long>(count), self->dim);
    return;
  }
  // Broadcast shape of the index tensors, and where the indexed dims sit.
  int32_t bshape[kMaxRank];
  int brank = 0;
  int first = -1, last = -1, n_indexed = 0;
  for (size_t i = 0; i < count; ++i) {
    const Tensor* t = items != nullptr ? items[i] : nullptr;
    if (t == nullptr) continue;
    if (t->dtype != ScalarType::Long && t->dtype != ScalarType::Int) {
      fail_invalid(ctx, "index %lu has dtype %s; only int32/int64 indices are supported",
                   static_cast<unsigned long>(i), scalar_type_name(t->dtype));
      return;
    }
    int32_t next[kMaxRank];
    int next_rank = 0;
    if (!broadcast_shapes(bshape, brank, t->sizes, t->dim, next, &next_rank)) {
      fail_invalid(ctx, "index tensors do not broadcast together");
      return;
    }
    for (int d = 0; d < next_rank; ++d) bshape[d] = next[d];
    brank = next_rank;
    if (first < 0) first = static_cast<int>(i);
    last = static_cast<int>(i);
    ++n_indexed;
  }
  if (n_indexed == 0) {
    fail_invalid(ctx, "at least one index tensor is required");
    return;
  }
  const bool adjacent = last - first + 1 == n_indexed;
  const int insert_at = adjacent ? first : 0;
  // Output dims: kept dims before insert_at, broadcast dims, remaining kept dims.
  int32_t sizes[kMaxRank];
  int kept[kMaxRank];
  int n_kept = 0;
  for (int d = 0; d < self->dim; ++d) {
    const bool indexed = d < static_cast<int>(count) && items != nullptr && items[d] != nullptr;
    if (!indexed) kept[n_kept++] = d;
  }
  const int rank = n_kept + brank;
  if (rank > kMaxRank) {
    fail_invalid(ctx, "result rank %d exceeds %d", rank, kMaxRank);
    return;
  }
  int kept_before = 0;
  while (kept_before < n_kept && kept[kept_before] < insert_at) ++kept_before;
  for (int k = 0; k < kept_before; ++k) sizes[k] = self->sizes[kept[k]];
  for (int b = 0; b < brank; ++b) sizes[kept_before + b] = bshape[b];
  for (int k = kept_before; k < n_kept; ++k) sizes[brank + k] = self->sizes[kept[k]];
  // Validate every index value before writing.
  for (size_t i = 0; i < count; ++i) {
    const Tensor* t = items != nullptr ? items[i] : nullptr;
    if (t == nullptr) continue;
    const View iv = view_of(*t);
    const View* views[1] = {&iv};
    bool ok = true;
    for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t e = 0; e < n; ++e) {
        const int64_t v = load_int64(p[0] + e * s[0], t->dtype);
        ok = ok && v >= -self->sizes[i] && v < self->sizes[i];
      }
    });
    if (!ok) {
      fail_invalid(ctx, "index out of range for dimension %lu of size %d",
                   static_cast<unsigned long>(i), static_cast<int>(self->sizes[i]));
      return;
    }
  }
  if (!resize_output(ctx, *out, sizes, rank)) return;
  const View vs = view_of(*self);
  const View vo = view_of(*out);
  const int64_t es = static_cast<int64_t>(self->element_size());
  int64_t pos[kMaxRank] = {};
  for (size_t n = 0; n < out->numel; ++n) {
    int64_t ooff = 0;
    for (int d = 0; d < rank; ++d) ooff += pos[d] * vo.strides[d];
    int64_t soff = 0;
    for (int k = 0; k < n_kept; ++k) {
      const int od = k < kept_before ? k : brank + k;
      soff += pos[od] * vs.strides[kept[k]];
    }
    for (size_t i = 0; i < count; ++i) {
      const Tensor* t = items != nullptr ? items[i] : nullptr;
      if (t == nullptr) continue;
      // Element of t at the broadcast position (right-aligned, size 1 repeats).
      int64_t ioff = 0;
      for (int td = 0; td < t->dim; ++td) {
        if (t->sizes[td] != 1) ioff += pos[kept_before + brank - t->dim + td] * t->strides[td];
      }
      int64_t v = load_int64(static_cast<const char*>(t->data) +
                                 ioff * static_cast<int64_t>(t->element_size()),
                             t->dtype);
      if (v < 0) v += self->sizes[i];
      soff += v * vs.strides[i];
    }
    memcpy(vo.data + ooff * es, vs.data + soff * es, static_cast<size_t>(es));
    for (int d = rank - 1; d >= 0 && ++pos[d] == vo.sizes[d]; --d) pos[d] = 0;
  }
}

}  // namespace portable
}  // namespace wick
