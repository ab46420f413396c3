// aten::split_copy.Tensor_out(self, split_size, dim, out[]) and
// aten::split_with_sizes_copy.out(self, split_sizes, dim, out[]): consecutive
// pieces of self along dim, one per out tensor. Both return nothing, so the
// argument list has no trailing returns. Also aten::unbind_copy.int_out.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {
namespace {

// Writes piece i of self along d into outs.items[i]. Pieces have length
// lengths[i], or when lengths is null `uniform` (the last one shorter).
void split_into(KernelContext& ctx, Tensor& self, int d, const int64_t* lengths, int64_t uniform,
                size_t count, const TensorList& outs, bool drop_dim) {
  if (!check_supported_dtype(ctx, self, "self")) return;
  if (outs.size != count) {
    fail_invalid(ctx, "expected %lu output tensors, got %lu", static_cast<unsigned long>(count),
                 static_cast<unsigned long>(outs.size));
    return;
  }
  const View in = view_of(self);
  int64_t offset = 0;
  for (size_t i = 0; i < count; ++i) {
    Tensor& out = *outs.items[i];
    if (!check_dtype(ctx, out, "out entry", self.dtype)) return;
    const int64_t remaining = in.sizes[d] - offset;
    const int64_t length =
        lengths != nullptr ? lengths[i] : (remaining < uniform ? remaining : uniform);
    View piece = narrow_view(in, d, offset, length);
    if (drop_dim) piece = select_view(in, d, offset);
    int32_t sizes[kMaxRank];
    for (int k = 0; k < piece.rank; ++k) sizes[k] = static_cast<int32_t>(piece.sizes[k]);
    if (!resize_output(ctx, out, sizes, piece.rank)) return;
    copy_view(view_of(out), piece);
    offset += length;
  }
}

bool read_common(KernelContext& ctx, Span<EValue*> args, Tensor** self, int* d,
                 TensorList* outs) {
  int64_t dim = 0;
  if (!check_arg_count(ctx, args, 4, 0)) return false;
  *self = get_tensor(ctx, args, 0, "self");
  return *self != nullptr && get_int(ctx, args, 2, "dim", &dim) &&
         get_tensor_list(ctx, args, 3, "out", outs) &&
         ((*self)->dim > 0 || fail_invalid(ctx, "cannot split a 0-dim tensor")) &&
         wrap_dim(ctx, dim, (*self)->dim, d);
}

}  // namespace

void split_copy_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  int d = 0;
  TensorList outs;
  int64_t split_size = 0;
  if (!read_common(ctx, args, &self, &d, &outs) ||
      !get_int(ctx, args, 1, "split_size", &split_size)) {
    return;
  }
  const int64_t size = self->sizes[d];
  if (split_size < 0 || (split_size == 0 && size != 0)) {
    fail_invalid(ctx, "invalid split_size %lld for size %lld", static_cast<long long>(split_size),
                 static_cast<long long>(size));
    return;
  }
  // PyTorch: max(ceil(size / split_size), 1) pieces, the last one shorter.
  const size_t count =
      split_size == 0 ? 1 : static_cast<size_t>(size == 0 ? 1 : (size + split_size - 1) / split_size);
  if (count != outs.size) {
    fail_invalid(ctx, "split gives %lu pieces but %lu outputs were given",
                 static_cast<unsigned long>(count), static_cast<unsigned long>(outs.size));
    return;
  }
  split_into(ctx, *self, d, nullptr, split_size, count, outs, false);
}

void split_with_sizes_copy_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  int d = 0;
  TensorList outs;
  Span<const int64_t> sizes;
  if (!read_common(ctx, args, &self, &d, &outs) ||
      !get_int_list(ctx, args, 1, "split_sizes", &sizes)) {
    return;
  }
  int64_t total = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0 || sizes[i] > INT32_MAX) {
      fail_invalid(ctx, "invalid split size %lld", static_cast<long long>(sizes[i]));
      return;
    }
    total += sizes[i];
  }
  if (total != self->sizes[d]) {
    fail_invalid(ctx, "split sizes add up to %lld but dimension %d has size %d",
                 static_cast<long long>(total), d, static_cast<int>(self->sizes[d]));
    return;
  }
  split_into(ctx, *self, d, sizes.data(), 0, sizes.size(), outs, false);
}

void unbind_copy_int_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  int d = 0;
  TensorList outs;
  if (!check_arg_count(ctx, args, 3, 0)) return;
  int64_t dim = 0;
  self = get_tensor(ctx, args, 0, "self");
  if (self == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_tensor_list(ctx, args, 2, "out", &outs) || !wrap_dim(ctx, dim, self->dim, &d)) {
    return;
  }
  if (self->dim == 0 || outs.size != static_cast<size_t>(self->sizes[d])) {
    fail_invalid(ctx, "unbind needs one output per slice (%lu given)",
                 static_cast<unsigned long>(outs.size));
    return;
  }
  split_into(ctx, *self, d, nullptr, 1, outs.size, outs, true);
}

}  // namespace portable
}  // namespace wick
