// float <-> int8 per-tensor conversion at the edges of an int8 graph.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {
namespace cortex_m {

struct QuantizeParams {
  float inverse_scale;  // 1.0f / (float)scale, computed in float as ExecuTorch's cortex_m kernel
  int32_t zero_point;
  int32_t quant_min;
  int32_t quant_max;
};

struct DequantizeParams {
  float scale;
  int32_t zero_point;
};

// out[i] = clamp(zero_point + nearbyint(inverse_scale * in[i]), quant_min, quant_max),
// rounding half to even in float; NaN maps to zero_point (clamped).
void quantize_f32_s8(const QuantizeParams& params, const float* in, int8_t* out, size_t count);

// out[i] = (in[i] - zero_point) * scale, in float.
void dequantize_s8_f32(const DequantizeParams& params, const int8_t* in, float* out, size_t count);

}  // namespace cortex_m
}  // namespace wick
