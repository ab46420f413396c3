// Element-size-generic copies for the data-layout operators (TRANSPOSE,
// CONCAT, PAD, SLICE): they move bytes and never look at values.
#pragma once

#include <string.h>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {

inline void row_major_strides(const int32_t* shape, int rank, size_t* strides) {
  size_t s = 1;
  for (int d = rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= static_cast<size_t>(shape[d]);
  }
}

// Copies every element of an N-d box of shape `box`: element idx goes from
// src[sum idx[d] * src_strides[d]] to dst[sum idx[d] * dst_strides[d]]
// (strides in elements, offsets pre-applied to the pointers).
inline void copy_box(const uint8_t* src, const size_t* src_strides, uint8_t* dst,
                     const size_t* dst_strides, const int32_t* box, int rank, size_t elem) {
  size_t total = 1;
  for (int d = 0; d < rank; ++d) total *= static_cast<size_t>(box[d]);
  int32_t index[kMaxRank] = {};
  size_t s = 0, t = 0;
  for (size_t i = 0; i < total; ++i) {
    memcpy(dst + t * elem, src + s * elem, elem);
    for (int d = rank - 1; d >= 0; --d) {
      s += src_strides[d];
      t += dst_strides[d];
      if (++index[d] < box[d]) break;
      s -= src_strides[d] * static_cast<size_t>(box[d]);
      t -= dst_strides[d] * static_cast<size_t>(box[d]);
      index[d] = 0;
    }
  }
}

}  // namespace tosa
}  // namespace wick
