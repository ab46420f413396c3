// Helium pad_s8: same results as kernels/cortex_m/pad_s8.cpp. The fill is
// 16-byte vector stores; the input is copied row by row along the innermost
// dim, with vector copies where both sides are contiguous and 4-lane byte
// gathers/scatters otherwise. A negative stride runs the reference.
#include "kernels/cortex_m/pad_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/strided_rows.h"
#include "kernels/cortex_m/mve/vector_copy.h"

namespace wick {
namespace cortex_m {
namespace mve {

void pad_s8(const StridedShape& input_shape, const int8_t* in, int8_t* out, int64_t out_offset,
            int64_t out_count, int8_t pad_value) {
  if (!strides_non_negative(input_shape)) {
    cortex_m::pad_s8(input_shape, in, out, out_offset, out_count, pad_value);
    return;
  }
  constexpr int64_t kFillChunk = int64_t{1} << 30;
  for (int64_t done = 0; done < out_count; done += kFillChunk) {
    const int64_t left = out_count - done;
    fill_bytes(out + done, pad_value, static_cast<int32_t>(left < kFillChunk ? left : kFillChunk));
  }
  int8_t* window = out + out_offset;
  const uint32x4_t lane = vidupq_n_u32(0, 1);
  for_each_row(input_shape, [=](int64_t ii, int64_t, int64_t io, int32_t length, int32_t s_in,
                                int32_t, int32_t s_out) {
    const int8_t* src = in + ii;
    int8_t* dst = window + io;
    if (s_in == 1 && s_out == 1) {
      copy_bytes(dst, src, length);
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
