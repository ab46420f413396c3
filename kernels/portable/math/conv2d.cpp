#include "kernels/portable/math/conv2d.h"

#include <string.h>

#include "kernels/portable/util/gemm.h"
#include "kernels/portable/util/hot_loop.h"

namespace wick {
namespace portable {
namespace {

// Output columns [lo, hi) whose input column ow * stride + offset lies in
// [0, in_size).
void valid_range(int64_t offset, int64_t stride, int64_t in_size, int64_t out_size, int64_t* lo,
                 int64_t* hi) {
  *lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const int64_t last = in_size - 1 - offset;
  *hi = last < 0 ? 0 : last / stride + 1;
  if (*hi > out_size) *hi = out_size;
  if (*lo > *hi) *lo = *hi;
}

// Depthwise: out_plane += conv(in_plane, w) for one kh x kw kernel. Output
// rows outermost, so the row being summed stays in L1 across all the taps
// (tap-outermost order streams the whole plane through the cache per tap).
WICK_HOT_LOOP void depthwise_plane(const Conv2dParams& p, const float* in_plane, const float* w,
                                   float* out_plane) {
  for (int64_t oh = 0; oh < p.out_h; ++oh) {
    float* o = out_plane + oh * p.out_w;
    for (int64_t kh = 0; kh < p.kernel_h; ++kh) {
      const int64_t ih = oh * p.stride_h + kh * p.dilation_h - p.pad_h;
      if (ih < 0 || ih >= p.in_h) continue;
      const float* in_row = in_plane + ih * p.in_w;
      for (int64_t kw = 0; kw < p.kernel_w; ++kw) {
        const int64_t offset_w = kw * p.dilation_w - p.pad_w;
        int64_t lo = 0, hi = 0;
        valid_range(offset_w, p.stride_w, p.in_w, p.out_w, &lo, &hi);
        const float wv = w[kh * p.kernel_w + kw];
        const float* x = in_row + offset_w;
        if (p.stride_w == 1) {
          for (int64_t ow = lo; ow < hi; ++ow) o[ow] += wv * x[ow];
        } else {
          for (int64_t ow = lo; ow < hi; ++ow) o[ow] += wv * x[ow * p.stride_w];
        }
      }
    }
  }
}

}  // namespace

void conv2d_fill_bias(const Conv2dParams& p, const float* bias, float* out_image) {
  const int64_t plane = p.out_h * p.out_w;
  for (int64_t oc = 0; oc < p.out_channels; ++oc) {
    const float b = bias != nullptr ? bias[oc] : 0.0f;
    float* o = out_image + oc * plane;
    for (int64_t i = 0; i < plane; ++i) o[i] = b;
  }
}

namespace {

// 1x1, stride 1, no padding, one group: out[oc, hw] = W[oc, ic] @ in[ic, hw].
bool is_pointwise(const Conv2dParams& p) {
  return p.kernel_h == 1 && p.kernel_w == 1 && p.stride_h == 1 && p.stride_w == 1 &&
         p.pad_h == 0 && p.pad_w == 0 && p.groups == 1;
}

void pointwise_image(const Conv2dParams& p, const float* in, const float* weight, float* out) {
  GemmParams g;
  g.m = p.out_channels;
  g.k = p.in_channels;
  g.n = p.out_h * p.out_w;
  g.a_row = p.in_channels;
  g.a_col = 1;
  g.b_row = g.n;
  g.b_col = 1;
  g.c_row = g.n;
  g.c_col = 1;
  g.scratch = p.scratch;
  g.scratch_floats = p.scratch_floats;
  gemm_f32(g, weight, in, out);
}

// groups == in_channels: each output channel reads one input plane.
void depthwise_image(const Conv2dParams& p, const float* in, const float* weight, float* out) {
  const int64_t multiplier = p.out_channels / p.in_channels;
  const int64_t in_plane = p.in_h * p.in_w;
  const int64_t out_plane = p.out_h * p.out_w;
  const int64_t kernel = p.kernel_h * p.kernel_w;
  for (int64_t oc = 0; oc < p.out_channels; ++oc) {
    depthwise_plane(p, in + (oc / multiplier) * in_plane, weight + oc * kernel, out + oc * out_plane);
  }
}

// General grouped convolution, register-blocked: a chunk of 8 output
// channels x up to 8 adjacent output columns of one output row keeps its 64
// sums in eight 8-lane vectors while every (input channel, kh, kw) tap adds
// weight x input. Interior chunks (all taps inside the input) load their 8
// inputs directly; border and tail chunks load the 8-wide span and clear the
// lanes outside the row (or gather lane by lane at the image's edges).
// GCC/Clang vector extensions lower to the target's SIMD (or to scalar
// code).
typedef float Lanes8 __attribute__((vector_size(32)));
typedef int32_t LaneMask8 __attribute__((vector_size(32)));

// Lanes of an 8-wide output chunk whose input column for this tap lies in
// [0, in_w) (all lanes past `lanes` are off). An out-parameter, because
// returning a 32-byte vector by value changes the x86 ABI between ISAs.
void lane_mask(const Conv2dParams& p, int64_t iw0, int lanes, LaneMask8* mask) {
  *mask = LaneMask8{};
  for (int j = 0; j < lanes; ++j) {
    const int64_t iw = iw0 + j * p.stride_w;
    (*mask)[j] = iw >= 0 && iw < p.in_w ? -1 : 0;
  }
}

constexpr int kBlockChannels = 8;

struct ChunkArgs {
  const float* in_begin;                // the input image, for in-bounds vector loads
  int64_t in_size;                      // its element count
  const float* in_group;                // first input channel of the group
  const float* w_rows[kBlockChannels];  // weights of each output channel
  float* out_rows[kBlockChannels];      // output row oh of each channel (null: unused)
  int64_t oh, ow0;
  int lanes;       // output columns in this chunk (1..8)
  bool interior;   // lanes == 8 and every tap reads inside the input
};

WICK_HOT_LOOP void conv_chunk(const Conv2dParams& p, const ChunkArgs& c) {
  const int64_t in_per_group = p.in_channels / p.groups;
  const int64_t in_plane = p.in_h * p.in_w;
  const int64_t kernel = p.kernel_h * p.kernel_w;
  Lanes8 acc[kBlockChannels];
  for (int r = 0; r < kBlockChannels; ++r) {
    acc[r] = Lanes8{};
    if (c.out_rows[r] == nullptr) continue;
    for (int j = 0; j < c.lanes; ++j) acc[r][j] = c.out_rows[r][c.ow0 + j];
  }
  // Taps outermost, input channels innermost: the hot loop is one vector
  // load and eight broadcast multiply-adds per input channel.
  for (int64_t kh = 0; kh < p.kernel_h; ++kh) {
    const int64_t ih = c.oh * p.stride_h + kh * p.dilation_h - p.pad_h;
    if (ih < 0 || ih >= p.in_h) continue;
    for (int64_t kw = 0; kw < p.kernel_w; ++kw) {
      const int64_t iw0 = c.ow0 * p.stride_w + kw * p.dilation_w - p.pad_w;
      const float* x = c.in_group + ih * p.in_w;
      const int64_t tap = kh * p.kernel_w + kw;
      const float* w0 = c.w_rows[0] + tap;
      const float* w1 = c.w_rows[1] + tap;
      const float* w2 = c.w_rows[2] + tap;
      const float* w3 = c.w_rows[3] + tap;
      const float* w4 = c.w_rows[4] + tap;
      const float* w5 = c.w_rows[5] + tap;
      const float* w6 = c.w_rows[6] + tap;
      const float* w7 = c.w_rows[7] + tap;
      // Lanes of this tap that read inside the row (border and tail chunks).
      LaneMask8 mask = LaneMask8{};
      if (!c.interior) lane_mask(p, iw0, c.lanes, &mask);
      for (int64_t ic = 0; ic < in_per_group; ++ic) {
        const float* x_row = x + ic * in_plane;
        Lanes8 xv = Lanes8{};
        if (c.interior && p.stride_w == 1) {
          memcpy(&xv, x_row + iw0, sizeof(xv));
        } else if (p.stride_w == 1 && (x_row - c.in_begin) + iw0 >= 0 &&
                   (x_row - c.in_begin) + iw0 + 8 <= c.in_size) {
          // Load the 8-wide span (inside the image, maybe past this row) and
          // clear the lanes outside the row: one vector op instead of eight
          // scalar inserts.
          memcpy(&xv, x_row + iw0, sizeof(xv));
          xv = reinterpret_cast<Lanes8>(reinterpret_cast<LaneMask8>(xv) & mask);
        } else if (c.interior) {
          for (int j = 0; j < 8; ++j) xv[j] = x_row[iw0 + j * p.stride_w];
        } else {
          for (int j = 0; j < c.lanes; ++j) {
            const int64_t iw = iw0 + j * p.stride_w;
            if (iw >= 0 && iw < p.in_w) xv[j] = x_row[iw];
          }
        }
        const int64_t k = ic * kernel;
        acc[0] += w0[k] * xv;
        acc[1] += w1[k] * xv;
        acc[2] += w2[k] * xv;
        acc[3] += w3[k] * xv;
        acc[4] += w4[k] * xv;
        acc[5] += w5[k] * xv;
        acc[6] += w6[k] * xv;
        acc[7] += w7[k] * xv;
      }
    }
  }
  for (int r = 0; r < kBlockChannels; ++r) {
    if (c.out_rows[r] == nullptr) continue;
    for (int j = 0; j < c.lanes; ++j) c.out_rows[r][c.ow0 + j] = acc[r][j];
  }
}

void direct_image(const Conv2dParams& p, const float* in, const float* weight, float* out) {
  const int64_t in_per_group = p.in_channels / p.groups;
  const int64_t out_per_group = p.out_channels / p.groups;
  const int64_t in_plane = p.in_h * p.in_w;
  const int64_t out_plane = p.out_h * p.out_w;
  const int64_t w_step = in_per_group * p.kernel_h * p.kernel_w;  // between output channels
  // Columns whose every kw tap lies inside the input: [interior_lo, interior_hi).
  int64_t interior_lo = 0, interior_hi = 0, last_lo = 0, last_hi = 0;
  valid_range(-p.pad_w, p.stride_w, p.in_w, p.out_w, &interior_lo, &interior_hi);
  valid_range((p.kernel_w - 1) * p.dilation_w - p.pad_w, p.stride_w, p.in_w, p.out_w, &last_lo,
              &last_hi);
  interior_lo = interior_lo > last_lo ? interior_lo : last_lo;
  interior_hi = interior_hi < last_hi ? interior_hi : last_hi;
  if (interior_hi < interior_lo) interior_hi = interior_lo;
  ChunkArgs c;
  c.in_begin = in;
  c.in_size = p.in_channels * in_plane;
  for (int64_t g = 0; g < p.groups; ++g) {
    c.in_group = in + g * in_per_group * in_plane;
    for (int64_t oc0 = 0; oc0 < out_per_group; oc0 += kBlockChannels) {
      const int64_t oc = g * out_per_group + oc0;
      for (int r = 0; r < kBlockChannels; ++r) {
        // Missing channels of a tail block reuse channel oc's weights and
        // are never stored.
        const bool used = oc0 + r < out_per_group;
        c.w_rows[r] = weight + (used ? oc + r : oc) * w_step;
      }
      for (int64_t oh = 0; oh < p.out_h; ++oh) {
        for (int r = 0; r < kBlockChannels; ++r) {
          c.out_rows[r] =
              oc0 + r < out_per_group ? out + (oc + r) * out_plane + oh * p.out_w : nullptr;
        }
        c.oh = oh;
        int64_t ow0 = 0;
        while (ow0 < p.out_w) {
          int64_t lanes = p.out_w - ow0 < 8 ? p.out_w - ow0 : 8;
          // End a leading border chunk where the interior begins.
          if (ow0 < interior_lo && ow0 + lanes > interior_lo) lanes = interior_lo - ow0;
          c.ow0 = ow0;
          c.lanes = static_cast<int>(lanes);
          c.interior = lanes == 8 && ow0 >= interior_lo && ow0 + 8 <= interior_hi;
          conv_chunk(p, c);
          ow0 += lanes;
        }
      }
    }
  }
}

}  // namespace

void conv2d_f32(const Conv2dParams& p, const float* in, const float* weight, const float* bias,
                float* out) {
  const int64_t in_image = p.in_channels * p.in_h * p.in_w;
  const int64_t out_image = p.out_channels * p.out_h * p.out_w;
  const bool depthwise = p.groups == p.in_channels && p.groups > 1;
  for (int64_t n = 0; n < p.batch; ++n) {
    float* o = out + n * out_image;
    const float* x = in + n * in_image;
    conv2d_fill_bias(p, bias, o);
    const bool has_scratch = p.scratch != nullptr && conv2d_scratch_floats(p) > 0 &&
                             p.scratch_floats >= conv2d_scratch_floats(p);
    if (is_pointwise(p)) {
      pointwise_image(p, x, weight, o);
    } else if (depthwise && has_scratch) {
      depthwise_conv2d_image(p, x, weight, o);
    } else if (depthwise) {
      depthwise_image(p, x, weight, o);
    } else if (has_scratch) {
      conv2d_gemm_image(p, x, weight, o);
    } else {
      direct_image(p, x, weight, o);
    }
  }
}

}  // namespace portable
}  // namespace wick
