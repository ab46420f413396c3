// aten::index.Tensor_out(self, indices): advanced indexing with int32/int64
// index tensors (None entries keep a dimension). The index tensors broadcast
// together; their result dims replace the indexed dims in place when the
// indexed dims are adjacent, otherwise they go first, as in torch. A bool (or
// uint8) mask over k dims stands for k int64 index tensors holding its true
// positions (torch's nonzero()); they are built in temp memory, and the output
// (data-dependent shape) must be dynamic or planned with the resulting size.
#include <string.h>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"
#include "wick/log.h"

namespace wick {
namespace portable {

namespace {

// The index list with masks expanded: per_dim[d] indexes dimension d of self
// (null: kept). Index tensors made from masks live in `made`.
struct DimIndices {
  const Tensor* per_dim[kMaxRank] = {};
  int covered = 0;  // dims of self the list reaches
  Tensor made[kMaxRank];
  int32_t made_size[kMaxRank] = {};
  int32_t made_stride[kMaxRank] = {};
  uint8_t made_dim_order[kMaxRank] = {};
  int n_made = 0;
};

// Appends the true positions of `mask` (over self dims [d, d + mask.dim)) as
// mask.dim int64 index tensors.
bool expand_mask(KernelContext& ctx, const Tensor& self, const Tensor& mask, size_t position,
                 DimIndices* out) {
  const int d = out->covered;
  if (d + mask.dim > self.dim) {
    return fail_invalid(ctx, "too many indices for a rank-%d tensor", self.dim);
  }
  for (int k = 0; k < mask.dim; ++k) {
    if (mask.sizes[k] != self.sizes[d + k]) {
      return fail_invalid(ctx, "mask %lu has size %d at its dim %d, self has %d at dim %d",
                          static_cast<unsigned long>(position), static_cast<int>(mask.sizes[k]),
                          k, static_cast<int>(self.sizes[d + k]), d + k);
    }
  }
  // Row-major walk of the mask's logical index space: visit(pos) at each true element.
  auto for_each_true = [&mask](auto visit) {
    int64_t pos[kMaxRank] = {};
    const int64_t es = static_cast<int64_t>(mask.element_size());
    for (size_t n = 0; n < mask.numel; ++n) {
      int64_t off = 0;
      for (int k = 0; k < mask.dim; ++k) off += pos[k] * mask.strides[k];
      if (load_int64(static_cast<const char*>(mask.data) + off * es, mask.dtype) != 0) visit(pos);
      for (int k = mask.dim - 1; k >= 0 && ++pos[k] == mask.sizes[k]; --k) pos[k] = 0;
    }
  };
  int64_t trues = 0;
  for_each_true([&trues](const int64_t*) { ++trues; });
  int64_t* positions = static_cast<int64_t*>(
      ctx.allocate_temp(static_cast<size_t>(trues) * mask.dim * sizeof(int64_t) + 1));
  if (positions == nullptr) {
    WICK_LOG(Error, "aten::index.Tensor_out: no temp memory for the %lld positions of mask %lu",
             static_cast<long long>(trues), static_cast<unsigned long>(position));
    ctx.fail(Error::MemoryAllocationFailed);
    return false;
  }
  int64_t next = 0;
  for_each_true([&](const int64_t* pos) {
    for (int k = 0; k < mask.dim; ++k) positions[k * trues + next] = pos[k];
    ++next;
  });
  for (int k = 0; k < mask.dim; ++k) {
    const int m = out->n_made++;
    Tensor& t = out->made[m];
    out->made_size[m] = static_cast<int32_t>(trues);
    out->made_stride[m] = 1;
    out->made_dim_order[m] = 0;
    t.data = positions + k * trues;
    t.sizes = &out->made_size[m];
    t.strides = &out->made_stride[m];
    t.dim_order = &out->made_dim_order[m];
    t.numel = static_cast<size_t>(trues);
    t.numel_bound = t.numel;
    t.dtype = ScalarType::Long;
    t.dim = 1;
    out->per_dim[d + k] = &t;
  }
  out->covered = d + mask.dim;
  return true;
}

bool expand_indices(KernelContext& ctx, const Tensor& self, Tensor* const* items, size_t count,
                    DimIndices* out) {
  for (size_t i = 0; i < count; ++i) {
    const Tensor* t = items[i];
    if (t != nullptr && (t->dtype == ScalarType::Bool || t->dtype == ScalarType::Byte)) {
      if (!expand_mask(ctx, self, *t, i, out)) return false;
      continue;
    }
    if (t != nullptr && t->dtype != ScalarType::Long && t->dtype != ScalarType::Int) {
      return fail_invalid(ctx, "index %lu has dtype %s; indices must be int32, int64 or bool",
                          static_cast<unsigned long>(i), scalar_type_name(t->dtype));
    }
    if (out->covered >= self.dim) {
      return fail_invalid(ctx, "too many indices for a rank-%d tensor", self.dim);
    }
    out->per_dim[out->covered++] = t;
  }
  return true;
}

}  // namespace

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
  Tensor* const* list = list_value->is_tensor_list() ? list_value->to_tensor_list().items
                                                     : list_value->to_optional_tensor_list().items;
  const size_t list_size = list_value->is_tensor_list() ? list_value->to_tensor_list().size
                                                        : list_value->to_optional_tensor_list().size;
  if (list_size > self->dim) {
    fail_invalid(ctx, "too many indices (%lu) for a rank-%d tensor",
                 static_cast<unsigned long>(list_size), self->dim);
    return;
  }
  DimIndices expanded;
  if (!expand_indices(ctx, *self, list, list_size, &expanded)) return;
  const Tensor* const* items = expanded.per_dim;
  const size_t count = static_cast<size_t>(expanded.covered);
  // Broadcast shape of the index tensors, and where the indexed dims sit.
  int32_t bshape[kMaxRank];
  int brank = 0;
  int first = -1, last = -1, n_indexed = 0;
  for (size_t i = 0; i < count; ++i) {
    const Tensor* t = items[i];
    if (t == nullptr) continue;
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
    const bool indexed = d < static_cast<int>(count) && items[d] != nullptr;
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
    const Tensor* t = items[i];
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
      const Tensor* t = items[i];
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
