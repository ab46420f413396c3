#include "kernels/cortex_m/transpose_conv2d_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {
namespace {

// The input index that scatters to output `o` through kernel tap `k`, or -1.
int32_t source_index(int32_t o, int32_t k, int32_t stride, int32_t padding, int32_t dilation,
                     int32_t input_size) {
  const int32_t offset = o + padding - k * dilation;
  if (offset < 0 || offset % stride != 0) return -1;
  const int32_t i = offset / stride;
  return i < input_size ? i : -1;
}

}  // namespace

// Written as a gather over outputs (equal to the scatter, and needs no
// accumulator buffer).
void transpose_conv2d_s8(const ConvParams& p, const PerChannelQuant& quant, const Dims4& in_dims,
                         const int8_t* input, const Dims4& f_dims, const int8_t* filter,
                         const int32_t* bias, const Dims4& out_dims, int8_t* output) {
  for (int32_t n = 0; n < out_dims.n; ++n) {
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      for (int32_t ox = 0; ox < out_dims.w; ++ox) {
        int8_t* out = output + ((int64_t{n} * out_dims.h + oy) * out_dims.w + ox) * out_dims.c;
        for (int32_t oc = 0; oc < out_dims.c; ++oc) {
          int64_t acc = bias != nullptr ? bias[oc] : 0;
          for (int32_t ky = 0; ky < f_dims.h; ++ky) {
            const int32_t iy =
                source_index(oy, ky, p.stride.h, p.padding.h, p.dilation.h, in_dims.h);
            if (iy < 0) continue;
            for (int32_t kx = 0; kx < f_dims.w; ++kx) {
              const int32_t ix =
                  source_index(ox, kx, p.stride.w, p.padding.w, p.dilation.w, in_dims.w);
              if (ix < 0) continue;
              const int8_t* in =
                  input + ((int64_t{n} * in_dims.h + iy) * in_dims.w + ix) * in_dims.c;
              const int8_t* w = filter + ((int64_t{oc} * f_dims.h + ky) * f_dims.w + kx) * f_dims.c;
              for (int32_t ic = 0; ic < f_dims.c; ++ic) acc += (in[ic] + p.input_offset) * w[ic];
            }
          }
          const int32_t scaled = requantize(wrap_int32(acc), quant.multiplier[oc], quant.shift[oc]);
          out[oc] = static_cast<int8_t>(
              clamp_int32(add_wrap(scaled, p.output_offset), p.activation.min, p.activation.max));
        }
      }
    }
  }
}

}  // namespace cortex_m
}  // namespace wick
