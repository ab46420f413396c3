// RESHAPE (new shape from a CONST_SHAPE input, nothing inferred) and
// IDENTITY: both copy the row-major bytes unchanged.
#include <string.h>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {

Error op_reshape(const OpArgs& args, Phase phase) {
  const bool is_reshape = args.op == fb::Op::RESHAPE;
  WICK_TRY(expect_arity(args, is_reshape ? 2 : 1, 1));
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  if (is_reshape) {
    const TensorRef& shape = args.in(1);
    WICK_TRY(expect_dtype(args, shape, fb::DType::SHAPE, "shape"));
    WICK_TRY(expect_constant(args, shape, "shape"));
    bool same = in.numel == out.numel && shape.numel == out.rank;
    for (size_t d = 0; same && d < shape.numel; ++d) same = constant_int(shape, d) == out.shape[d];
    if (!same) return op_error(args, "shape input, element count and output shape disagree");
  } else {
    WICK_TRY(expect_same_shape(args, in, out, "input/output"));
  }
  if (phase == Phase::Check) return Error::Ok;
  memcpy(out.data, in.data, out.nbytes);
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
