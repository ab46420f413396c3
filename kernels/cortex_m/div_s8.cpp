#include "kernels/cortex_m/div_s8.h"

#include <math.h>

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void div_s8(const DivParams& p, const StridedShape& shape, const int8_t* a, const int8_t* b,
            int8_t* out) {
  // |quotient * scale| may exceed int32; clamp in float first.
  const float lo = static_cast<float>(kInt8Min - p.output_zero_point);
  const float hi = static_cast<float>(kInt8Max - p.output_zero_point);
  for_each_index(shape, [&](int64_t ia, int64_t ib, int64_t io) {
    const int32_t numerator = a[ia] - p.a_zero_point;
    const int32_t denominator = b[ib] - p.b_zero_point;
    const float quotient =
        denominator != 0 ? static_cast<float>(numerator) / static_cast<float>(denominator) : 0.0f;
    float scaled = roundf(quotient * p.scale);
    if (!(scaled == scaled)) scaled = 0.0f;
    scaled = scaled < lo ? lo : (scaled > hi ? hi : scaled);
    out[io] = static_cast<int8_t>(static_cast<int32_t>(scaled) + p.output_zero_point);
  });
}

}  // namespace cortex_m
}  // namespace wick
