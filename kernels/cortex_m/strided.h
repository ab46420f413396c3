// Walking an N-d index space with per-operand element strides.
//
// Layout-free ops (broadcasting elementwise ops, pad, transpose) describe
// their operands as sizes plus strides, so any dim_order works without a copy.
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {

constexpr int kMaxStridedRank = 6;

// An index space of `rank` dims (outermost first) and, for each of up to
// three operands, the element stride of each dim (0 for a broadcast dim).
struct StridedShape {
  int32_t rank;
  int32_t sizes[kMaxStridedRank];
  int32_t strides[3][kMaxStridedRank];
};

// Calls visit(offset0, offset1, offset2) for every index, last dim fastest.
template <typename Visit>
inline void for_each_index(const StridedShape& shape, Visit visit) {
  for (int32_t d = 0; d < shape.rank; ++d) {
    if (shape.sizes[d] <= 0) return;
  }
  int32_t index[kMaxStridedRank] = {};
  int64_t offset[3] = {0, 0, 0};
  for (;;) {
    visit(offset[0], offset[1], offset[2]);
    int32_t d = shape.rank - 1;
    for (; d >= 0; --d) {
      ++index[d];
      for (int k = 0; k < 3; ++k) offset[k] += shape.strides[k][d];
      if (index[d] < shape.sizes[d]) break;
      for (int k = 0; k < 3; ++k) offset[k] -= int64_t{shape.strides[k][d]} * shape.sizes[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

}  // namespace cortex_m
}  // namespace wick
