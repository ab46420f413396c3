#include "kernels/portable/math/conv2d.h"

namespace wick {
namespace portable {

// Scatter formulation: input pixel (ih, iw) of channel ic adds w * x to
// output (ih * stride - pad + kh * dilation, ...) of each channel in its group.
void conv_transpose2d_f32(const Conv2dParams& p, const float* in, const float* weight,
                          const float* bias, float* out) {
  const int64_t in_per_group = p.in_channels / p.groups;
  const int64_t out_per_group = p.out_channels / p.groups;
  const int64_t in_plane = p.in_h * p.in_w;
  const int64_t out_plane = p.out_h * p.out_w;
  const int64_t kernel = p.kernel_h * p.kernel_w;
  for (int64_t n = 0; n < p.batch; ++n) {
    float* o_img = out + n * p.out_channels * out_plane;
    const float* x_img = in + n * p.in_channels * in_plane;
    conv2d_fill_bias(p, bias, o_img);
    // Scatter: input pixel (ih, iw) adds w * x to output (ih * s - pad + kh * d, ...).
    for (int64_t g = 0; g < p.groups; ++g) {
      for (int64_t ic = g * in_per_group; ic < (g + 1) * in_per_group; ++ic) {
        const float* x_plane = x_img + ic * in_plane;
        for (int64_t ocg = 0; ocg < out_per_group; ++ocg) {
          float* o_plane = o_img + (g * out_per_group + ocg) * out_plane;
          const float* w = weight + (ic * out_per_group + ocg) * kernel;
          for (int64_t ih = 0; ih < p.in_h; ++ih) {
            for (int64_t kh = 0; kh < p.kernel_h; ++kh) {
              const int64_t oh = ih * p.stride_h - p.pad_h + kh * p.dilation_h;
              if (oh < 0 || oh >= p.out_h) continue;
              for (int64_t kw = 0; kw < p.kernel_w; ++kw) {
                const float wv = w[kh * p.kernel_w + kw];
                const int64_t base = kw * p.dilation_w - p.pad_w;
                for (int64_t iw = 0; iw < p.in_w; ++iw) {
                  const int64_t ow = iw * p.stride_w + base;
                  if (ow >= 0 && ow < p.out_w) o_plane[oh * p.out_w + ow] += wv * x_plane[ih * p.in_w + iw];
                }
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace portable
}  // namespace wick
