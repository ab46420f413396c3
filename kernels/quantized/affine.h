// PyTorch-exact affine (de)quantization math (torch.ops.quantized_decomposed).
//
// Elements are walked in memory order; ChannelBlocks says which channel each
// one belongs to: memory is [outer][channels][inner] blocks, which holds for
// any dense dim_order with inner = the channel dim's stride. Per-tensor
// conversion is the one-channel case.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <cmath>

namespace wick {
namespace quantized {

struct ChannelBlocks {
  size_t outer;
  size_t channels;
  size_t inner;
};

// out = clamp(round_half_even(T(in) * inverse_scale[c]) + T(zero_point[c]), qmin, qmax),
// computed in T (float32 or float64, as torch computes in the scales' dtype).
// NaN inputs give qmin.
template <typename Q, typename T>
void quantize_affine(const float* in, Q* out, const ChannelBlocks& blocks, const T* inverse_scale,
                     const int64_t* zero_point, T quant_min, T quant_max) {
  size_t i = 0;
  for (size_t o = 0; o < blocks.outer; ++o) {
    for (size_t c = 0; c < blocks.channels; ++c) {
      const T inv = inverse_scale[c];
      const T zp = static_cast<T>(zero_point[c]);
      for (size_t k = 0; k < blocks.inner; ++k, ++i) {
        T v = std::nearbyint(static_cast<T>(in[i]) * inv) + zp;
        v = v > quant_min ? v : quant_min;  // also maps NaN to quant_min
        v = v < quant_max ? v : quant_max;
        out[i] = static_cast<Q>(static_cast<int64_t>(v));
      }
    }
  }
}

// Per-tensor dequantization: out = (O(in) - O(zero_point)) * O(scale), in O.
template <typename Q, typename O>
void dequantize_per_tensor(const Q* in, O* out, size_t count, O scale, O zero_point) {
  for (size_t i = 0; i < count; ++i) out[i] = (static_cast<O>(in[i]) - zero_point) * scale;
}

// Per-channel dequantization: out = O(T(in - zero_point[c]) * scale[c]); the
// difference is exact (int64) and the product is computed in the scales' dtype T.
template <typename Q, typename T, typename O>
void dequantize_per_channel(const Q* in, O* out, const ChannelBlocks& blocks, const T* scale,
                            const int64_t* zero_point) {
  size_t i = 0;
  for (size_t o = 0; o < blocks.outer; ++o) {
    for (size_t c = 0; c < blocks.channels; ++c) {
      for (size_t k = 0; k < blocks.inner; ++k, ++i) {
        const int64_t centered = static_cast<int64_t>(in[i]) - zero_point[c];
        out[i] = static_cast<O>(static_cast<T>(centered) * scale[c]);
      }
    }
  }
}

}  // namespace quantized
}  // namespace wick
