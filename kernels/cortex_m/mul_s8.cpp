#include "kernels/cortex_m/mul_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void mul_s8(const MulParams& p, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out) {
  for_each_index(shape, [&](int64_t ia, int64_t ib, int64_t io) {
    const int32_t product = (a[ia] + p.a_offset) * (b[ib] + p.b_offset);
    const int32_t scaled = requantize(product, p.output_requant.multiplier, p.output_requant.shift);
    out[io] = static_cast<int8_t>(
        clamp_int32(add_wrap(scaled, p.output_offset), p.activation.min, p.activation.max));
  });
}

}  // namespace cortex_m
}  // namespace wick
