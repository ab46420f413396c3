#include "kernels/cortex_m/quantize_s8.h"

#include <math.h>

namespace wick {
namespace cortex_m {

void quantize_f32_s8(const QuantizeParams& params, const float* in, int8_t* out, size_t count) {
  // Clamp in float before converting: the rounded value may not fit an int32.
  const float lo = static_cast<float>(params.quant_min - params.zero_point);
  const float hi = static_cast<float>(params.quant_max - params.zero_point);
  for (size_t i = 0; i < count; ++i) {
    float rounded = nearbyintf(params.inverse_scale * in[i]);
    if (!(rounded == rounded)) rounded = 0.0f;
    rounded = rounded < lo ? lo : (rounded > hi ? hi : rounded);
    out[i] = static_cast<int8_t>(params.zero_point + static_cast<int32_t>(rounded));
  }
}

void dequantize_s8_f32(const DequantizeParams& params, const int8_t* in, float* out, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    out[i] = static_cast<float>(static_cast<int32_t>(in[i]) - params.zero_point) * params.scale;
  }
}

}  // namespace cortex_m
}  // namespace wick
