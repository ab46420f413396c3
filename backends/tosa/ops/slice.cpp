// SLICE: start >= 0, size >= 1, start + size <= dim, output shape == size.
#include "backends/tosa/ops/layout_common.h"

namespace wick {
namespace tosa {

Error op_slice(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 3, 1));
  const TensorRef& in = args.in(0);
  const TensorRef& start = args.in(1);
  const TensorRef& size = args.in(2);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  WICK_TRY(expect_rank(args, out, in.rank, "output"));
  for (int i = 1; i < 3; ++i) {
    WICK_TRY(expect_dtype(args, args.in(i), fb::DType::SHAPE, "start/size"));
    WICK_TRY(expect_constant(args, args.in(i), "start/size"));
    if (args.in(i).numel != in.rank) return op_error(args, "start/size need %d values", in.rank);
  }
  size_t offset = 0;
  size_t in_strides[kMaxRank], out_strides[kMaxRank];
  row_major_strides(in.shape, in.rank, in_strides);
  row_major_strides(out.shape, out.rank, out_strides);
  for (int d = 0; d < in.rank; ++d) {
    const int64_t s = constant_int(start, d);
    const int64_t n = constant_int(size, d);
    if (s < 0 || n < 1 || s + n > in.shape[d] || n != out.shape[d]) {
      return op_error(args, "dimension %d: start %ld size %ld invalid for %s -> %s", d,
                      static_cast<long>(s), static_cast<long>(n), ShapeText(in).c_str(),
                      ShapeText(out).c_str());
    }
    offset += static_cast<size_t>(s) * in_strides[d];
  }
  if (phase == Phase::Check) return Error::Ok;
  const size_t elem = dtype_storage_size(in.dtype);
  copy_box(static_cast<const uint8_t*>(in.data) + offset * elem, in_strides,
           static_cast<uint8_t*>(out.data), out_strides, out.shape, out.rank, elem);
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
