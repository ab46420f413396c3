// Helium add_s8: same results as kernels/cortex_m/add_s8.cpp, four elements
// per vector along each row of the broadcast walk (byte gathers/scatters
// with the operands' strides). A multiplier of INT32_MIN or a negative
// stride runs the reference.
#include "kernels/cortex_m/add_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/requantize_mve.h"
#include "kernels/cortex_m/mve/strided_rows.h"

namespace wick {
namespace cortex_m {
namespace mve {

void add_s8(const AddParams& p, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out) {
  const int32_t multipliers[3] = {p.a_requant.multiplier, p.b_requant.multiplier,
                                  p.output_requant.multiplier};
  if (!multipliers_fit_vqrdmulh(multipliers, 3) || !strides_non_negative(shape)) {
    cortex_m::add_s8(p, shape, a, b, out);
    return;
  }
  const LaneRequant a_requant = lane_requant(p.a_requant.multiplier, p.a_requant.shift);
  const LaneRequant b_requant = lane_requant(p.b_requant.multiplier, p.b_requant.shift);
  const LaneRequant out_requant = lane_requant(p.output_requant.multiplier, p.output_requant.shift);
  const int32_t a_offset = p.a_offset;
  const int32_t b_offset = p.b_offset;
  const int32_t left_shift = p.left_shift;
  const int32_t output_offset = p.output_offset;
  const Activation act = p.activation;
  const uint32x4_t lane = vidupq_n_u32(0, 1);
  for_each_row(shape, [=](int64_t ia, int64_t ib, int64_t io, int32_t length, int32_t sa,
                          int32_t sb, int32_t so) {
    const uint32x4_t offsets_a = vmulq_n_u32(lane, static_cast<uint32_t>(sa));
    const uint32x4_t offsets_b = vmulq_n_u32(lane, static_cast<uint32_t>(sb));
    const uint32x4_t offsets_out = vmulq_n_u32(lane, static_cast<uint32_t>(so));
    const int8_t* pa = a + ia;
    const int8_t* pb = b + ib;
    int8_t* po = out + io;
    for (int32_t i = 0; i < length; i += 4) {
      const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(length - i));
      int32x4_t x = vldrbq_gather_offset_z_s32(pa, offsets_a, lanes);
      int32x4_t y = vldrbq_gather_offset_z_s32(pb, offsets_b, lanes);
      x = requantize(vshlq_r_s32(vaddq_n_s32(x, a_offset), left_shift), a_requant);
      y = requantize(vshlq_r_s32(vaddq_n_s32(y, b_offset), left_shift), b_requant);
      const int32x4_t sum = requantize(vaddq_s32(x, y), out_requant);
      vstrbq_scatter_offset_p_s32(po, offsets_out, offset_and_clamp(sum, output_offset, act),
                                  lanes);
      pa += 4 * sa;
      pb += 4 * sb;
      po += 4 * so;
    }
  });
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
