// Float convolution math on NCHW-contiguous buffers. Bindings convert other
// layouts first; these functions never see a Tensor.
#pragma once

#include <stdint.h>

namespace wick {
namespace portable {

struct Conv2dParams {
  int64_t batch = 1;
  int64_t in_channels = 0, in_h = 0, in_w = 0;
  int64_t out_channels = 0, out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
};

// out [batch, out_channels, out_h, out_w] = conv(in [batch, in_channels,
// in_h, in_w], weight [out_channels, in_channels / groups, kh, kw]) + bias
// (bias may be null). Picks a pointwise (1x1 -> gemm), depthwise or blocked
// direct path.
void conv2d_f32(const Conv2dParams& p, const float* in, const float* weight, const float* bias,
                float* out);

// Transposed convolution: weight is [in_channels, out_channels / groups, kh,
// kw]; out_h/out_w already include output_padding.
void conv_transpose2d_f32(const Conv2dParams& p, const float* in, const float* weight,
                          const float* bias, float* out);

// Sets every output plane of one image to its bias (or zero).
void conv2d_fill_bias(const Conv2dParams& p, const float* bias, float* out_image);

}  // namespace portable
}  // namespace wick
