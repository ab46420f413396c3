#include "kernels/cortex_m/quantize_s8.h"

#include <math.h>

namespace wick {
namespace cortex_m {

void quantize_f32_s8(const QuantizeParams& params, const float* in, int8_t* out, size_t count) {
  // Clamp in float before converting: the rounded value may not fit an int32.
  // Locals: the int8 stores may alias params, which would be reloaded after
  // every store.
  const float inverse_scale = params.inverse_scale;
  const int32_t zero_point = params.zero_point;
  const float lo = static_cast<float>(params.quant_min - zero_point);
  const float hi = static_cast<float>(params.quant_max - zero_point);
  for (size_t i = 0; i < count; ++i) {
    float rounded = nearbyintf(inverse_scale * in[i]);
    if (!(rounded == rounded)) rounded = 0.0f;
    rounded = rounded < lo ? lo : (rounded > hi ? hi : rounded);
    out[i] = static_cast<int8_t>(zero_point + static_cast<int32_t>(rounded));
  }
}

void dequantize_s8_f32(const DequantizeParams& params, const int8_t* in, float* out, size_t count) {
  const float scale = params.scale;  // locals: the float stores may alias params
  const int32_t zero_point = params.zero_point;
  for (size_t i = 0; i < count; ++i) {
    out[i] = static_cast<float>(static_cast<int32_t>(in[i]) - zero_point) * scale;
  }
}

}  // namespace cortex_m
}  // namespace wick
