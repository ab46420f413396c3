// cortex_m::transpose.out(Tensor input, int[] perm, *, Tensor(a!) out)
// 4 args. out.sizes[i] = input.sizes[perm[i]] (logical dims; any dim_order).
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/transpose_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

void transpose_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {4})) return;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 2, "out");
  if (in == nullptr || out == nullptr || !check_dtype(ctx, *in, "input", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char)) {
    return;
  }
  const int rank = in->dim;
  int32_t perm[kMaxStridedRank];
  if (rank > kMaxStridedRank || out->dim != rank) {
    WICK_LOG(Error, "%s: input rank %d, output rank %d (max %d)", ctx.op_name(),
             static_cast<int>(rank), static_cast<int>(out->dim), static_cast<int>(kMaxStridedRank));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  if (!int_list_arg(ctx, args, 1, "perm", static_cast<size_t>(rank), -rank, rank - 1, perm)) {
    return;
  }
  bool seen[kMaxStridedRank] = {};
  int32_t out_sizes[kMaxStridedRank];
  for (int d = 0; d < rank; ++d) {
    if (perm[d] < 0) perm[d] += rank;
    if (seen[perm[d]]) {
      WICK_LOG(Error, "%s: perm repeats dim %d", ctx.op_name(), static_cast<int>(perm[d]));
      ctx.fail(Error::InvalidArgument);
      return;
    }
    seen[perm[d]] = true;
    out_sizes[d] = in->sizes[perm[d]];
  }
  if (!set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, static_cast<size_t>(rank)))) {
    return;
  }
  StridedShape shape{};
  shape.rank = rank;
  for (int d = 0; d < rank; ++d) {
    shape.sizes[d] = out_sizes[d];
    shape.strides[0][d] = in->strides[perm[d]];
    shape.strides[2][d] = out->strides[d];
  }
  transpose_s8(shape, in->data_as<const int8_t>(), out->data_as<int8_t>());
}

}  // namespace cortex_m
}  // namespace wick
