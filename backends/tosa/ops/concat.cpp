// CONCAT: inputs of equal rank and dtype, equal except along `axis`.
#include "backends/tosa/ops/layout_common.h"

namespace wick {
namespace tosa {

Error op_concat(const OpArgs& args, Phase phase) {
  if (args.num_inputs < 1 || args.num_outputs != 1) {
    return op_error(args, "needs inputs and one output");
  }
  const auto* attr = attribute<fb::ConcatAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing ConcatAttribute");
  TensorRef& out = args.out();
  const int32_t axis = attr->axis();
  if (axis < 0 || axis >= out.rank) {
    return op_error(args, "axis %ld is out of range", static_cast<long>(axis));
  }
  int64_t total = 0;
  for (size_t i = 0; i < args.num_inputs; ++i) {
    const TensorRef& in = args.in(i);
    WICK_TRY(expect_dtype(args, in, out.dtype, "input"));
    WICK_TRY(expect_rank(args, in, out.rank, "input"));
    for (int d = 0; d < out.rank; ++d) {
      if (d != axis && in.shape[d] != out.shape[d]) {
        return op_error(args, "input %lu is %s, output %s", static_cast<unsigned long>(i),
                        ShapeText(in).c_str(), ShapeText(out).c_str());
      }
    }
    total += in.shape[axis];
  }
  if (total != out.shape[axis]) {
    return op_error(args, "axis sizes sum to %ld, output has %ld", static_cast<long>(total),
                    static_cast<long>(out.shape[axis]));
  }
  if (phase == Phase::Check) return Error::Ok;
  const size_t elem = dtype_storage_size(out.dtype);
  size_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= static_cast<size_t>(out.shape[d]);
  for (int d = axis + 1; d < out.rank; ++d) inner *= static_cast<size_t>(out.shape[d]);
  const size_t out_row = static_cast<size_t>(out.shape[axis]) * inner * elem;
  size_t column = 0;
  for (size_t i = 0; i < args.num_inputs; ++i) {
    const TensorRef& in = args.in(i);
    const size_t row = static_cast<size_t>(in.shape[axis]) * inner * elem;
    const uint8_t* src = static_cast<const uint8_t*>(in.data);
    uint8_t* dst = static_cast<uint8_t*>(out.data) + column;
    for (size_t o = 0; o < outer; ++o) memcpy(dst + o * out_row, src + o * row, row);
    column += row;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
