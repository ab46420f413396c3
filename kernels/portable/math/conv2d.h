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
  // conv2d_scratch_floats(p) of temp memory, or null: with it, plain and
  // grouped convolutions run as an implicit GEMM (conv2d_gemm.cpp) and
  // depthwise ones on padded copies of the input (depthwise_conv2d.cpp).
  float* scratch = nullptr;
  int64_t scratch_floats = 0;
};

// out [batch, out_channels, out_h, out_w] = conv(in [batch, in_channels,
// in_h, in_w], weight [out_channels, in_channels / groups, kh, kw]) + bias
// (bias may be null). Picks, per image: pointwise 1x1 -> gemm; depthwise ->
// padded-plane loops (scratch) or per-plane loops; otherwise the implicit
// GEMM (scratch) or the register-blocked direct loops. Scratch-less paths
// give the same results when the temp arena is too small.
void conv2d_f32(const Conv2dParams& p, const float* in, const float* weight, const float* bias,
                float* out);

// Transposed convolution: weight is [in_channels, out_channels / groups, kh,
// kw]; out_h/out_w already include output_padding.
void conv_transpose2d_f32(const Conv2dParams& p, const float* in, const float* weight,
                          const float* bias, float* out);

// Scratch floats the fast path of conv2d_f32 for p wants (0: none has one).
int64_t conv2d_scratch_floats(const Conv2dParams& p);

// One image as GEMMs, one per group: out[oc, pixel] += W[oc, (ic, kh, kw)] x
// im2col(in)[(ic, kh, kw), pixel], the im2col panels packed on the fly into
// p.scratch (never materialised). Needs p.scratch; adds to `out_image`.
void conv2d_gemm_image(const Conv2dParams& p, const float* in_image, const float* weight,
                       float* out_image);

// Depthwise (groups == in_channels) image through phase-split padded input
// planes (depthwise_conv2d.cpp); needs depthwise_scratch_floats(p) of p.scratch.
int64_t depthwise_scratch_floats(const Conv2dParams& p);
void depthwise_conv2d_image(const Conv2dParams& p, const float* in_image, const float* weight,
                            float* out_image);

// Sets every output plane of one image to its bias (or zero).
void conv2d_fill_bias(const Conv2dParams& p, const float* bias, float* out_image);

}  // namespace portable
}  // namespace wick
