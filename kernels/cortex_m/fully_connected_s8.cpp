#include "kernels/cortex_m/fully_connected_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void fully_connected_s8(const FullyConnectedParams& p, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output) {
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* x = input + int64_t{b} * in_features;
    int8_t* y = output + int64_t{b} * out_features;
    for (int32_t o = 0; o < out_features; ++o) {
      const int8_t* w = weights + int64_t{o} * in_features;
      int64_t acc = bias != nullptr ? bias[o] : 0;
      for (int32_t k = 0; k < in_features; ++k) {
        acc += (x[k] + p.input_offset) * (w[k] + p.filter_offset);
      }
      const int32_t scaled = requantize(wrap_int32(acc), quant.multiplier[o], quant.shift[o]);
      y[o] = static_cast<int8_t>(
          clamp_int32(add_wrap(scaled, p.output_offset), p.activation.min, p.activation.max));
    }
  }
}

}  // namespace cortex_m
}  // namespace wick
