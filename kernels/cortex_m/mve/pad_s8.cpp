// Helium pad_s8: same results as kernels/cortex_m/pad_s8.cpp. The dims are
// first put in the output's memory order (every element is written once, so
// the walk order is free), which lets a channels-last tensor padded in its
// logical NCHW dims collapse into long contiguous rows. The fill is 16-byte
// vector stores, skipped when the input covers the whole output (all pads
// 0); rows are vector copies where both sides are contiguous and 4-lane byte
// gathers/scatters otherwise. A negative stride runs the reference.
#include "kernels/cortex_m/pad_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/strided_rows.h"
#include "kernels/cortex_m/mve/vector_copy.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// The same index space with its dims sorted by output stride, largest first
// (insertion sort: rank <= kMaxStridedRank).
StridedShape in_output_memory_order(const StridedShape& shape) {
  StridedShape s = shape;
  for (int32_t i = 1; i < s.rank; ++i) {
    for (int32_t d = i; d > 0 && s.strides[2][d - 1] < s.strides[2][d]; --d) {
      const int32_t size = s.sizes[d];
      s.sizes[d] = s.sizes[d - 1];
      s.sizes[d - 1] = size;
      for (int k = 0; k < 3; ++k) {
        const int32_t stride = s.strides[k][d];
        s.strides[k][d] = s.strides[k][d - 1];
        s.strides[k][d - 1] = stride;
      }
    }
  }
  return s;
}

// True when input and output are the same dense block of `count` elements
// in the same layout (a pad with all pads 0): going up from stride 1, each
// dim's stride (input and output alike) is the product of the sizes below
// it. Size-1 dims are skipped. The block grows strictly, so no dim matches
// twice, and one that shares another's stride is never matched (false).
bool same_dense_block(const StridedShape& s, int64_t count) {
  int32_t dims = 0;
  for (int32_t d = 0; d < s.rank; ++d) dims += s.sizes[d] != 1 ? 1 : 0;
  int64_t expected = 1;
  for (int32_t placed = 0; placed < dims; ++placed) {
    int32_t d = 0;
    while (d < s.rank && (s.sizes[d] == 1 || s.strides[2][d] != expected)) ++d;
    if (d == s.rank || s.strides[0][d] != expected || s.sizes[d] <= 0) return false;
    expected *= s.sizes[d];
    if (expected > count) return false;  // also keeps the product within int64
  }
  return expected == count;
}

int64_t element_count(const StridedShape& shape) {
  int64_t count = 1;
  for (int32_t d = 0; d < shape.rank; ++d) {
    if (shape.sizes[d] <= 0) return 0;
    count *= shape.sizes[d];
  }
  return count;
}

}  // namespace

void pad_s8(const StridedShape& input_shape, const int8_t* in, int8_t* out, int64_t out_offset,
            int64_t out_count, int8_t pad_value) {
  if (out_offset == 0 && out_count <= INT32_MAX && same_dense_block(input_shape, out_count)) {
    copy_long_bytes(out, in, static_cast<int32_t>(out_count));
    return;
  }
  if (!strides_non_negative(input_shape)) {
    cortex_m::pad_s8(input_shape, in, out, out_offset, out_count, pad_value);
    return;
  }
  // An input as large as the output is written to every output element (the
  // output strides are a dense tensor's: distinct positions).
  const int64_t fill_count = element_count(input_shape) == out_count ? 0 : out_count;
  constexpr int64_t kFillChunk = int64_t{1} << 30;
  for (int64_t done = 0; done < fill_count; done += kFillChunk) {
    const int64_t left = fill_count - done;
    fill_bytes(out + done, pad_value, static_cast<int32_t>(left < kFillChunk ? left : kFillChunk));
  }
  int8_t* window = out + out_offset;
  const uint32x4_t lane = vidupq_n_u32(0, 1);
  for_each_row(
      in_output_memory_order(input_shape),
      [=](int64_t ii, int64_t, int64_t io, int32_t length, int32_t s_in, int32_t, int32_t s_out) {
        const int8_t* src = in + ii;
        int8_t* dst = window + io;
        if (s_in == 1 && s_out == 1) {
          copy_long_bytes(dst, src, length);
          return;
        }
        const uint32x4_t offsets_in = vmulq_n_u32(lane, static_cast<uint32_t>(s_in));
        const uint32x4_t offsets_out = vmulq_n_u32(lane, static_cast<uint32_t>(s_out));
        for (int32_t i = 0; i < length; i += 4, src += 4 * s_in, dst += 4 * s_out) {
          const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(length - i));
          vstrbq_scatter_offset_p_s32(dst, offsets_out,
                                      vldrbq_gather_offset_z_s32(src, offsets_in, lanes), lanes);
        }
      });
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
