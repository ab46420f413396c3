// aten::embedding.out(weight, indices, padding_idx, scale_grad_by_freq,
// sparse): out[..., :] = weight[indices[...], :] for int32/int64 indices of
// any shape; padding_idx and the gradient flags only matter for training.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/dtype.h"

namespace wick {
namespace portable {

void embedding_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 6, 1)) return;
  Tensor* weight = get_tensor(ctx, args, 0, "weight");
  Tensor* indices = get_tensor(ctx, args, 1, "indices");
  Tensor* out = get_tensor(ctx, args, 5, "out");
  int64_t padding_idx = -1;
  bool scale = false;
  bool sparse = false;
  if (weight == nullptr || indices == nullptr || out == nullptr ||
      !get_int(ctx, args, 2, "padding_idx", &padding_idx) ||
      !get_bool(ctx, args, 3, "scale_grad_by_freq", &scale) ||
      !get_bool(ctx, args, 4, "sparse", &sparse) || !check_supported_dtype(ctx, *weight, "weight") ||
      !check_dtype(ctx, *out, "out", weight->dtype)) {
    return;
  }
  if (weight->dim != 2) {
    fail_invalid(ctx, "weight must be 2-D, got rank %d", weight->dim);
    return;
  }
  if (indices->dtype != ScalarType::Long && indices->dtype != ScalarType::Int) {
    fail_invalid(ctx, "indices must be int32 or int64, got %s", scalar_type_name(indices->dtype));
    return;
  }
  if (indices->dim + 1 > kMaxRank) {
    fail_invalid(ctx, "indices rank %d is too large", indices->dim);
    return;
  }
  int32_t sizes[kMaxRank];
  for (int d = 0; d < indices->dim; ++d) sizes[d] = indices->sizes[d];
  sizes[indices->dim] = weight->sizes[1];
  const View vi = view_of(*indices);
  const View* iviews[1] = {&vi};
  const Loop<1> index_loop = make_loop(iviews);
  bool in_range = true;
  int64_t bad = 0;
  for_each_row(index_loop, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t v = load_int64(p[0] + i * s[0], indices->dtype);
      if (v < 0 || v >= weight->sizes[0]) {
        in_range = false;
        bad = v;
      }
    }
  });
  if (!in_range) {
    fail_invalid(ctx, "index %lld out of range for %d embeddings", static_cast<long long>(bad),
                 static_cast<int>(weight->sizes[0]));
    return;
  }
  if (!resize_output(ctx, *out, sizes, indices->dim + 1)) return;
  // Walk indices in logical order, pairing each with its out row.
  const View w = view_of(*weight);
  const View o = view_of(*out);
  int64_t idx[kMaxRank] = {};
  const int64_t ies = static_cast<int64_t>(indices->element_size());
  for (size_t k = 0; k < indices->numel; ++k) {
    int64_t ioff = 0;
    int64_t ooff = 0;
    for (int d = 0; d < indices->dim; ++d) {
      ioff += idx[d] * vi.strides[d];
      ooff += idx[d] * o.strides[d];
    }
    const int64_t row = load_int64(vi.data + ioff * ies, indices->dtype);
    View dst;
    dst.data = o.data + ooff * static_cast<int64_t>(out->element_size());
    dst.dtype = o.dtype;
    dst.rank = 1;
    dst.sizes[0] = o.sizes[indices->dim];
    dst.strides[0] = o.strides[indices->dim];
    copy_view(dst, select_view(w, 0, row));
    for (int d = indices->dim - 1; d >= 0 && ++idx[d] == vi.sizes[d]; --d) idx[d] = 0;
  }
}

}  // namespace portable
}  // namespace wick
