#include "kernels/cortex_m/conv2d_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void conv2d_s8(const ConvParams& p, const PerChannelQuant& quant, const Dims4& in_dims,
               const int8_t* input, const Dims4& f_dims, const int8_t* filter, const int32_t* bias,
               const Dims4& out_dims, int8_t* output) {
  const int32_t group_in = f_dims.c;
  const int32_t groups = in_dims.c / group_in;
  const int32_t group_out = out_dims.c / groups;
  for (int32_t n = 0; n < out_dims.n; ++n) {
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      for (int32_t ox = 0; ox < out_dims.w; ++ox) {
        int8_t* out = output + ((int64_t{n} * out_dims.h + oy) * out_dims.w + ox) * out_dims.c;
        for (int32_t oc = 0; oc < out_dims.c; ++oc) {
          const int32_t first_in = (oc / group_out) * group_in;
          int64_t acc = bias != nullptr ? bias[oc] : 0;
          for (int32_t ky = 0; ky < f_dims.h; ++ky) {
            const int32_t iy = oy * p.stride.h - p.padding.h + ky * p.dilation.h;
            if (iy < 0 || iy >= in_dims.h) continue;
            for (int32_t kx = 0; kx < f_dims.w; ++kx) {
              const int32_t ix = ox * p.stride.w - p.padding.w + kx * p.dilation.w;
              if (ix < 0 || ix >= in_dims.w) continue;
              const int8_t* in =
                  input + ((int64_t{n} * in_dims.h + iy) * in_dims.w + ix) * in_dims.c + first_in;
              const int8_t* w = filter + ((int64_t{oc} * f_dims.h + ky) * f_dims.w + kx) * group_in;
              for (int32_t ic = 0; ic < group_in; ++ic) {
                acc += (in[ic] + p.input_offset) * w[ic];
              }
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
