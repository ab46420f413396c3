// PAD: padding is a CONST_SHAPE of [before0, after0, before1, ...] (all >= 0);
// new elements take pad_const (the zero point, for quantized data).
#include "backends/tosa/ops/layout_common.h"

namespace wick {
namespace tosa {

Error op_pad(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 3, 1));
  const TensorRef& in = args.in(0);
  const TensorRef& padding = args.in(1);
  const TensorRef& pad_const = args.in(2);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  WICK_TRY(expect_rank(args, out, in.rank, "output"));
  WICK_TRY(expect_dtype(args, padding, fb::DType::SHAPE, "padding"));
  WICK_TRY(expect_constant(args, padding, "padding"));
  WICK_TRY(expect_dtype(args, pad_const, in.dtype, "pad_const"));
  WICK_TRY(expect_constant(args, pad_const, "pad_const"));
  if (padding.numel != static_cast<size_t>(2 * in.rank) || pad_const.numel != 1) {
    return op_error(args, "padding needs %d values and pad_const one", 2 * in.rank);
  }
  int32_t before[kMaxRank];
  for (int d = 0; d < in.rank; ++d) {
    const int64_t b = constant_int(padding, 2 * d);
    const int64_t a = constant_int(padding, 2 * d + 1);
    if (b < 0 || a < 0 || in.shape[d] + b + a != out.shape[d]) {
      return op_error(args, "dimension %d: padding %ld/%ld does not give %ld", d,
                      static_cast<long>(b), static_cast<long>(a), static_cast<long>(out.shape[d]));
    }
    before[d] = static_cast<int32_t>(b);
  }
  if (phase == Phase::Check) return Error::Ok;
  const size_t elem = dtype_storage_size(in.dtype);
  uint8_t* dst = static_cast<uint8_t*>(out.data);
  for (size_t i = 0; i < out.numel; ++i) memcpy(dst + i * elem, pad_const.data, elem);
  size_t in_strides[kMaxRank], out_strides[kMaxRank];
  row_major_strides(in.shape, in.rank, in_strides);
  row_major_strides(out.shape, out.rank, out_strides);
  size_t start = 0;
  for (int d = 0; d < in.rank; ++d) start += static_cast<size_t>(before[d]) * out_strides[d];
  copy_box(static_cast<const uint8_t*>(in.data), in_strides, dst + start * elem, out_strides,
           in.shape, in.rank, elem);
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
