// aten::unsqueeze_copy.out(self, dim) and aten::squeeze_copy.{out,dim_out,
// dims_out}: the same elements with a size-1 dimension added or removed.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {
namespace {

// Copies self into out after dropping the dimensions marked in `drop`
// (each of size 1).
void squeeze_into(KernelContext& ctx, Tensor& self, Tensor& out, const bool* drop) {
  if (!check_supported_dtype(ctx, self, "self") || !check_dtype(ctx, out, "out", self.dtype)) {
    return;
  }
  const View in = view_of(self);
  View src;
  src.data = in.data;
  src.dtype = in.dtype;
  int32_t sizes[kMaxRank];
  for (int d = 0; d < in.rank; ++d) {
    if (drop[d] && in.sizes[d] == 1) continue;
    src.sizes[src.rank] = in.sizes[d];
    src.strides[src.rank] = in.strides[d];
    sizes[src.rank] = static_cast<int32_t>(in.sizes[d]);
    ++src.rank;
  }
  if (!resize_output(ctx, out, sizes, src.rank)) return;
  copy_view(view_of(out), src);
}

bool get_self_out(KernelContext& ctx, Span<EValue*> args, size_t n_schema, Tensor** self,
                  Tensor** out) {
  if (!check_arg_count(ctx, args, n_schema, 1)) return false;
  *self = get_tensor(ctx, args, 0, "self");
  *out = get_tensor(ctx, args, n_schema - 1, "out");
  return *self != nullptr && *out != nullptr;
}

}  // namespace

void unsqueeze_copy_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  int64_t dim = 0;
  int d = 0;
  if (!get_self_out(ctx, args, 3, &self, &out) || !get_int(ctx, args, 1, "dim", &dim) ||
      !wrap_dim(ctx, dim, self->dim + 1, &d)) {
    return;
  }
  if (self->dim + 1 > kMaxRank) {
    fail_invalid(ctx, "result would exceed rank %d", kMaxRank);
    return;
  }
  if (!check_supported_dtype(ctx, *self, "self") ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const View in = view_of(*self);
  View src;
  src.data = in.data;
  src.dtype = in.dtype;
  src.rank = in.rank + 1;
  int32_t sizes[kMaxRank];
  for (int i = 0, k = 0; i < src.rank; ++i) {
    if (i == d) {
      src.sizes[i] = 1;
      src.strides[i] = 0;
    } else {
      src.sizes[i] = in.sizes[k];
      src.strides[i] = in.strides[k];
      ++k;
    }
    sizes[i] = static_cast<int32_t>(src.sizes[i]);
  }
  if (!resize_output(ctx, *out, sizes, src.rank)) return;
  copy_view(view_of(*out), src);
}

void squeeze_copy_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  if (!get_self_out(ctx, args, 2, &self, &out)) return;
  bool drop[kMaxRank];
  for (int d = 0; d < kMaxRank; ++d) drop[d] = true;
  squeeze_into(ctx, *self, *out, drop);
}

void squeeze_copy_dim_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  int64_t dim = 0;
  int d = 0;
  if (!get_self_out(ctx, args, 3, &self, &out) || !get_int(ctx, args, 1, "dim", &dim) ||
      !wrap_dim(ctx, dim, self->dim, &d)) {
    return;
  }
  bool drop[kMaxRank] = {};
  drop[d] = true;
  squeeze_into(ctx, *self, *out, drop);
}

void squeeze_copy_dims_out(KernelContext& ctx, Span<EValue*> args) {
  Tensor* self = nullptr;
  Tensor* out = nullptr;
  Span<const int64_t> dims;
  if (!get_self_out(ctx, args, 3, &self, &out) || !get_int_list(ctx, args, 1, "dim", &dims)) {
    return;
  }
  bool drop[kMaxRank] = {};
  for (size_t i = 0; i < dims.size(); ++i) {
    int d = 0;
    if (!wrap_dim(ctx, dims[i], self->dim, &d)) return;
    drop[d] = true;
  }
  squeeze_into(ctx, *self, *out, drop);
}

}  // namespace portable
}  // namespace wick
