// Helium mul_s8: same results as kernels/cortex_m/mul_s8.cpp, four elements
// per vector along each row of the broadcast walk (byte gathers/scatters
// with the operands' strides). A multiplier of INT32_MIN or a negative
// stride runs the reference.
#include "kernels/cortex_m/mul_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/requantize_mve.h"
#include "kernels/cortex_m/mve/strided_rows.h"

namespace wick {
namespace cortex_m {
namespace mve {

void mul_s8(const MulParams& p, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out) {
  if (p.output_requant.multiplier == INT32_MIN || !strides_non_negative(shape)) {
    cortex_m::mul_s8(p, shape, a, b, out);
    return;
  }
  const LaneRequant requant = lane_requant(p.output_requant.multiplier, p.output_requant.shift);
  const int32_t a_offset = p.a_offset;
  const int32_t b_offset = p.b_offset;
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
      const int32x4_t x = vaddq_n_s32(vldrbq_gather_offset_z_s32(pa, offsets_a, lanes), a_offset);
      const int32x4_t y = vaddq_n_s32(vldrbq_gather_offset_z_s32(pb, offsets_b, lanes), b_offset);
      const int32x4_t product = requantize(vmulq_s32(x, y), requant);
      vstrbq_scatter_offset_p_s32(po, offsets_out, offset_and_clamp(product, output_offset, act),
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
