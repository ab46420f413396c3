// Walks a StridedShape as rows along its innermost dim, so that Helium
// kernels can process each row in vectors (gathers/scatters with the row's
// element strides, which covers contiguous, broadcast (stride 0) and
// strided operands alike).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {
namespace mve {

// True when no operand walks backwards (gather offsets are unsigned).
inline bool strides_non_negative(const StridedShape& shape) {
  for (int32_t d = 0; d < shape.rank; ++d) {
    for (int k = 0; k < 3; ++k) {
      if (shape.strides[k][d] < 0) return false;
    }
  }
  return true;
}

// Calls row(offset0, offset1, offset2, length, stride0, stride1, stride2)
// for every row of the innermost dim, after merging dims that are
// contiguous for every operand (a dense same-shape walk becomes one row).
template <typename Row>
inline void for_each_row(const StridedShape& shape, Row row) {
  StridedShape s{};
  s.rank = 0;
  for (int32_t d = 0; d < shape.rank; ++d) {
    if (shape.sizes[d] <= 0) return;
    if (shape.sizes[d] == 1) continue;  // contributes nothing to any offset
    const int32_t last = s.rank - 1;
    const bool mergeable = last >= 0 &&
                           s.strides[0][last] == int64_t{shape.strides[0][d]} * shape.sizes[d] &&
                           s.strides[1][last] == int64_t{shape.strides[1][d]} * shape.sizes[d] &&
                           s.strides[2][last] == int64_t{shape.strides[2][d]} * shape.sizes[d];
    if (mergeable) {
      s.sizes[last] *= shape.sizes[d];
      for (int k = 0; k < 3; ++k) s.strides[k][last] = shape.strides[k][d];
      continue;
    }
    s.sizes[s.rank] = shape.sizes[d];
    for (int k = 0; k < 3; ++k) s.strides[k][s.rank] = shape.strides[k][d];
    ++s.rank;
  }
  if (s.rank == 0) {
    row(0, 0, 0, 1, 0, 0, 0);
    return;
  }
  const int32_t inner = s.rank - 1;
  int32_t index[kMaxStridedRank] = {};
  int64_t offset[3] = {0, 0, 0};
  for (;;) {
    row(offset[0], offset[1], offset[2], s.sizes[inner], s.strides[0][inner], s.strides[1][inner],
        s.strides[2][inner]);
    int32_t d = inner - 1;
    for (; d >= 0; --d) {
      ++index[d];
      for (int k = 0; k < 3; ++k) offset[k] += s.strides[k][d];
      if (index[d] < s.sizes[d]) break;
      for (int k = 0; k < 3; ++k) offset[k] -= int64_t{s.strides[k][d]} * s.sizes[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
