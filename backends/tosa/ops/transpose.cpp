// TRANSPOSE: out.shape[i] = in.shape[perms[i]], out[idx] = in[tmp] with
// tmp[perms[i]] = idx[i].
#include "backends/tosa/ops/layout_common.h"

namespace wick {
namespace tosa {

Error op_transpose(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const auto* attr = attribute<fb::TransposeAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing TransposeAttribute");
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  WICK_TRY(expect_rank(args, out, in.rank, "output"));
  int32_t perms[kMaxRank];
  WICK_TRY(attribute_ints(args, attr->perms(), in.rank, "perms", perms));
  bool seen[kMaxRank] = {};
  for (int i = 0; i < in.rank; ++i) {
    if (perms[i] < 0 || perms[i] >= in.rank || seen[perms[i]]) {
      return op_error(args, "perms is not a permutation of 0..%d", in.rank - 1);
    }
    seen[perms[i]] = true;
    if (out.shape[i] != in.shape[perms[i]]) {
      return op_error(args, "output %s is not input %s permuted", ShapeText(out).c_str(),
                      ShapeText(in).c_str());
    }
  }
  if (phase == Phase::Check) return Error::Ok;
  size_t in_strides[kMaxRank], out_strides[kMaxRank], src_strides[kMaxRank];
  row_major_strides(in.shape, in.rank, in_strides);
  row_major_strides(out.shape, out.rank, out_strides);
  for (int i = 0; i < in.rank; ++i) src_strides[i] = in_strides[perms[i]];
  copy_box(static_cast<const uint8_t*>(in.data), src_strides, static_cast<uint8_t*>(out.data),
           out_strides, out.shape, out.rank, dtype_storage_size(in.dtype));
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
