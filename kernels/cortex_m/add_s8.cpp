#include "kernels/cortex_m/add_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void add_s8(const AddParams& p, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out) {
  for_each_index(shape, [&](int64_t ia, int64_t ib, int64_t io) {
    const int32_t a_scaled = requantize(shift_left_wrap(a[ia] + p.a_offset, p.left_shift),
                                        p.a_requant.multiplier, p.a_requant.shift);
    const int32_t b_scaled = requantize(shift_left_wrap(b[ib] + p.b_offset, p.left_shift),
                                        p.b_requant.multiplier, p.b_requant.shift);
    const int32_t sum = requantize(add_wrap(a_scaled, b_scaled), p.output_requant.multiplier,
                                   p.output_requant.shift);
    out[io] = static_cast<int8_t>(
        clamp_int32(add_wrap(sum, p.output_offset), p.activation.min, p.activation.max));
  });
}

}  // namespace cortex_m
}  // namespace wick
