// Depthwise convolution (groups == in_channels) through a phase-split padded
// copy of each input plane: column c of the padded plane goes to phase plane
// c % stride_w at column c / stride_w, so every tap of a run of 16 adjacent
// outputs is one contiguous 16-float load, whatever the stride and dilation,
// with no bounds checks. Sixteen sums stay in a register across all taps.
#include <string.h>

#include "kernels/portable/math/conv2d.h"
#include "kernels/portable/util/hot_loop.h"

namespace wick {
namespace portable {
namespace {

typedef float Lanes16 __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

struct PhasedPlane {
  int64_t rows;         // padded height
  int64_t cols;         // columns per phase plane (with kLanes of slack)
  int64_t phase_size;   // rows * cols
};

PhasedPlane phased_layout(const Conv2dParams& p) {
  PhasedPlane l;
  l.rows = p.in_h + 2 * p.pad_h;
  const int64_t padded_w = p.in_w + 2 * p.pad_w;
  l.cols = (padded_w + p.stride_w - 1) / p.stride_w + kLanes;
  l.phase_size = l.rows * l.cols;
  return l;
}

void fill_phased(const Conv2dParams& p, const PhasedPlane& l, const float* in_plane, float* phased) {
  memset(phased, 0, sizeof(float) * static_cast<size_t>(l.phase_size * p.stride_w));
  for (int64_t ih = 0; ih < p.in_h; ++ih) {
    const float* src = in_plane + ih * p.in_w;
    const int64_t r = ih + p.pad_h;
    if (p.stride_w == 1) {
      memcpy(phased + r * l.cols + p.pad_w, src, sizeof(float) * static_cast<size_t>(p.in_w));
      continue;
    }
    for (int64_t iw = 0; iw < p.in_w; ++iw) {
      const int64_t c = iw + p.pad_w;
      phased[(c % p.stride_w) * l.phase_size + r * l.cols + c / p.stride_w] = src[iw];
    }
  }
}

// Kernels up to this many taps take this path (their offsets live on the stack).
constexpr int64_t kMaxTaps = 64;

WICK_HOT_LOOP void depthwise_rows(const Conv2dParams& p, const PhasedPlane& l, const float* phased,
                                  const float* w, float* out_plane) {
  // Where each tap reads, relative to the first output of a run on row oh = 0.
  int64_t tap_at[kMaxTaps];
  const int64_t taps = p.kernel_h * p.kernel_w;
  for (int64_t t = 0; t < taps; ++t) {
    const int64_t offset = (t % p.kernel_w) * p.dilation_w;
    tap_at[t] = (offset % p.stride_w) * l.phase_size + (t / p.kernel_w) * p.dilation_h * l.cols +
                offset / p.stride_w;
  }
  for (int64_t oh = 0; oh < p.out_h; ++oh) {
    float* o = out_plane + oh * p.out_w;
    const float* row = phased + oh * p.stride_h * l.cols;
    for (int64_t ow0 = 0; ow0 < p.out_w; ow0 += kLanes) {
      const int64_t lanes = p.out_w - ow0 < kLanes ? p.out_w - ow0 : kLanes;
      Lanes16 acc = {};
      for (int64_t t = 0; t < taps; ++t) {
        Lanes16 xv;
        memcpy(&xv, row + tap_at[t] + ow0, sizeof(xv));
        acc += w[t] * xv;
      }
      if (lanes == kLanes) {
        Lanes16 ov;
        memcpy(&ov, o + ow0, sizeof(ov));
        ov += acc;
        memcpy(o + ow0, &ov, sizeof(ov));
      } else {
        for (int64_t j = 0; j < lanes; ++j) o[ow0 + j] += acc[j];
      }
    }
  }
}

}  // namespace

int64_t depthwise_scratch_floats(const Conv2dParams& p) {
  if (p.kernel_h * p.kernel_w > kMaxTaps) return 0;
  return phased_layout(p).phase_size * p.stride_w;
}

void depthwise_conv2d_image(const Conv2dParams& p, const float* in_image, const float* weight,
                            float* out_image) {
  const int64_t multiplier = p.out_channels / p.in_channels;
  const int64_t in_plane = p.in_h * p.in_w;
  const int64_t out_plane = p.out_h * p.out_w;
  const int64_t kernel = p.kernel_h * p.kernel_w;
  const PhasedPlane l = phased_layout(p);
  for (int64_t ic = 0; ic < p.in_channels; ++ic) {
    fill_phased(p, l, in_image + ic * in_plane, p.scratch);
    for (int64_t m = 0; m < multiplier; ++m) {
      const int64_t oc = ic * multiplier + m;
      depthwise_rows(p, l, p.scratch, weight + oc * kernel, out_image + oc * out_plane);
    }
  }
}

}  // namespace portable
}  // namespace wick
