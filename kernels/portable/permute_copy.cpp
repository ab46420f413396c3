// aten::permute_copy.out(self, dims), aten::transpose_copy.int_out(self, d0,
// d1) and aten::t_copy.out(self): out[i...] = self[permuted i...]. The source
// is a strided view of self, so no index arithmetic per element.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {
namespace {

// perm[i] = which dimension of self becomes dimension i of out.
void permute_into(KernelContext& ctx, Tensor& self, Tensor& out, const int* perm) {
  if (!check_supported_dtype(ctx, self, "self") || !check_dtype(ctx, out, "out", self.dtype)) {
    return;
  }
  const View in = view_of(self);
  View src;
  src.data = in.data;
  src.dtype = in.dtype;
  src.rank = in.rank;
  int32_t sizes[kMaxRank];
  for (int i = 0; i < in.rank; ++i) {
    src.sizes[i] = in.sizes[perm[i]];
    src.strides[i] = in.strides[perm[i]];
    sizes[i] = static_cast<int32_t>(src.sizes[i]);
  }
  if (!resize_output(ctx, out, sizes, in.rank)) return;
  copy_view(view_of(out), src);
}

}  // namespace

void permute_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Span<const int64_t> dims;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "dims", &dims)) return;
  if (dims.size() != self->dim) {
    fail_invalid(ctx, "dims has %lu entries for a rank-%d tensor",
                 static_cast<unsigned long>(dims.size()), self->dim);
    return;
  }
  int perm[kMaxRank];
  bool seen[kMaxRank] = {};
  for (size_t i = 0; i < dims.size(); ++i) {
    if (!wrap_dim(ctx, dims[i], self->dim, &perm[i], "dims entry")) return;
    if (seen[perm[i]]) {
      fail_invalid(ctx, "dims repeats dimension %d", perm[i]);
      return;
    }
    seen[perm[i]] = true;
  }
  permute_into(ctx, *self, *out, perm);
}

void transpose_copy_int_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  int64_t d0 = 0;
  int64_t d1 = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim0", &d0) ||
      !get_int(ctx, args, 2, "dim1", &d1)) {
    return;
  }
  int a = 0;
  int b = 0;
  if (!wrap_dim(ctx, d0, self->dim, &a, "dim0") || !wrap_dim(ctx, d1, self->dim, &b, "dim1")) {
    return;
  }
  int perm[kMaxRank];
  for (int i = 0; i < self->dim; ++i) perm[i] = i;
  if (self->dim > 0) {
    perm[a] = b;
    perm[b] = a;
  }
  permute_into(ctx, *self, *out, perm);
}

void t_copy_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (self == nullptr || out == nullptr) return;
  if (self->dim > 2) {
    fail_invalid(ctx, "t expects a tensor of rank <= 2, got rank %d", self->dim);
    return;
  }
  const int perm[2] = {self->dim == 2 ? 1 : 0, 0};
  permute_into(ctx, *self, *out, perm);
}

}  // namespace portable
}  // namespace wick
