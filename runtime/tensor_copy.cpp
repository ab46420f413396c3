#include <string.h>

#include "wick/tensor.h"

namespace wick {

Error copy_tensor_data(const Tensor& src, Tensor& dst) {
  if (src.dtype != dst.dtype || src.dim != dst.dim) return Error::InvalidArgument;
  for (uint8_t d = 0; d < src.dim; ++d) {
    if (src.sizes[d] != dst.sizes[d]) return Error::InvalidArgument;
  }
  const size_t elem = src.element_size();
  if (src.numel == 0) return Error::Ok;
  if (src.data == nullptr || dst.data == nullptr) return Error::InvalidArgument;
  bool same_layout = true;
  for (uint8_t d = 0; d < src.dim; ++d) {
    same_layout = same_layout && (src.sizes[d] <= 1 || src.strides[d] == dst.strides[d]);
  }
  if (same_layout) {
    memcpy(dst.data, src.data, src.numel * elem);
    return Error::Ok;
  }
  // Walk dst in its memory order; an odometer over logical indices.
  int32_t index[kMaxRank] = {};
  const uint8_t* from = static_cast<const uint8_t*>(src.data);
  uint8_t* to = static_cast<uint8_t*>(dst.data);
  for (size_t n = 0; n < src.numel; ++n) {
    size_t src_offset = 0;
    size_t dst_offset = 0;
    for (uint8_t d = 0; d < src.dim; ++d) {
      src_offset += static_cast<size_t>(index[d]) * static_cast<size_t>(src.strides[d]);
      dst_offset += static_cast<size_t>(index[d]) * static_cast<size_t>(dst.strides[d]);
    }
    memcpy(to + dst_offset * elem, from + src_offset * elem, elem);
    for (int d = src.dim - 1; d >= 0; --d) {
      if (++index[d] < src.sizes[d]) break;
      index[d] = 0;
    }
  }
  return Error::Ok;
}

}  // namespace wick
