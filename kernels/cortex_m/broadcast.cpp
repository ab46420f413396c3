#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

// Size and stride of logical dim `d` of an output of rank `rank` seen from t
// (right-aligned; a missing or size-1 dim broadcasts with stride 0).
void aligned_dim(const Tensor& t, int rank, int d, int32_t* size, int32_t* stride) {
  const int td = d - (rank - t.dim);
  if (td < 0 || t.sizes[td] == 1) {
    *size = 1;
    *stride = 0;
    return;
  }
  *size = t.sizes[td];
  *stride = t.strides[td];
}

}  // namespace

bool broadcast_binary(KernelContext& ctx, const Tensor& a, const Tensor& b, Tensor& out,
                      StridedShape* shape) {
  const int rank = a.dim > b.dim ? a.dim : b.dim;
  if (rank > kMaxStridedRank || out.dim != rank) {
    WICK_LOG(Error, "%s: ranks %d and %d broadcast to %d; output has rank %d (max %d)",
             ctx.op_name(), static_cast<int>(a.dim), static_cast<int>(b.dim),
             static_cast<int>(rank), static_cast<int>(out.dim), static_cast<int>(kMaxStridedRank));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  int32_t sizes[kMaxStridedRank];
  int32_t a_strides[kMaxStridedRank];
  int32_t b_strides[kMaxStridedRank];
  for (int d = 0; d < rank; ++d) {
    int32_t a_size = 0;
    int32_t b_size = 0;
    aligned_dim(a, rank, d, &a_size, &a_strides[d]);
    aligned_dim(b, rank, d, &b_size, &b_strides[d]);
    if (a_size != b_size && a_size != 1 && b_size != 1) {
      WICK_LOG(Error, "%s: dim %d sizes %d and %d do not broadcast", ctx.op_name(),
               static_cast<int>(d), static_cast<int>(a_size), static_cast<int>(b_size));
      ctx.fail(Error::InvalidArgument);
      return false;
    }
    sizes[d] = a_size == 1 ? b_size : a_size;
  }
  // A size-0 input dim broadcasts against 1 only; aligned_dim reported it as is.
  if (!set_output_sizes(ctx, out, Span<const int32_t>(sizes, static_cast<size_t>(rank)))) {
    return false;
  }
  shape->rank = rank;
  for (int k = 0; k < rank; ++k) {
    const uint8_t d = out.dim_order[k];
    shape->sizes[k] = sizes[d];
    shape->strides[0][k] = a_strides[d];
    shape->strides[1][k] = b_strides[d];
    shape->strides[2][k] = out.strides[d];
  }
  return true;
}

bool int8_operands(KernelContext& ctx, const Tensor& self, const Tensor& other, Tensor& out,
                   BinaryOperands* x) {
  if (!check_dtype(ctx, self, "self", ScalarType::Char) ||
      !check_dtype(ctx, other, "other", ScalarType::Char) ||
      !check_dtype(ctx, out, "out", ScalarType::Char) ||
      !broadcast_binary(ctx, self, other, out, &x->shape)) {
    return false;
  }
  x->a = self.data_as<const int8_t>();
  x->b = other.data_as<const int8_t>();
  x->out = out.data_as<int8_t>();
  return true;
}

}  // namespace cortex_m
}  // namespace wick
