// Convolution as an implicit GEMM: for each group, the weights [oc, K] (K =
// in_channels/groups x kh x kw, contiguous rows) multiply the im2col matrix
// [K, out_h x out_w], whose 16-column panels the packer below gathers from the
// input as the GEMM asks for them.
#include <string.h>

#include "kernels/portable/math/conv2d.h"
#include "kernels/portable/util/gemm.h"

namespace wick {
namespace portable {
namespace {

struct Im2col {
  const Conv2dParams* p;
  const float* in_group;  // first input plane of the group
  int64_t pixels;         // out_h * out_w
};

// A run of panel columns on one output row: input columns step by stride_w.
struct Segment {
  int64_t lane;    // first panel column
  int64_t lanes;   // columns in the run
  int64_t row0;    // oh * stride_h - pad_h
  int64_t col0;    // ow * stride_w - pad_w of the first column
};

// Rows [p0, p0 + kc) of im2col, columns (output pixels) [j0, j0 + 16). The 16
// columns split into runs on one output row (at most a few), so each panel
// row is a handful of copies rather than 16 bounds-checked loads.
void pack_im2col(const void* source, int64_t p0, int64_t kc, int64_t j0, float* panel) {
  const Im2col& s = *static_cast<const Im2col*>(source);
  const Conv2dParams& p = *s.p;
  const int64_t width = kGemmPanelWidth;
  Segment segments[kGemmPanelWidth];
  int n_segments = 0;
  const int64_t end = s.pixels - j0 < width ? s.pixels - j0 : width;  // columns with a pixel
  for (int64_t lane = 0; lane < end;) {
    const int64_t pixel = j0 + lane;
    const int64_t oh = pixel / p.out_w;
    const int64_t ow = pixel % p.out_w;
    const int64_t left = p.out_w - ow;
    Segment& g = segments[n_segments++];
    g.lane = lane;
    g.lanes = left < end - lane ? left : end - lane;
    g.row0 = oh * p.stride_h - p.pad_h;
    g.col0 = ow * p.stride_w - p.pad_w;
    lane += g.lanes;
  }
  const int64_t kernel = p.kernel_h * p.kernel_w;
  const int64_t in_plane = p.in_h * p.in_w;
  int64_t ic = p0 / kernel;
  int64_t kh = (p0 % kernel) / p.kernel_w;
  int64_t kw = p0 % p.kernel_w;
  for (int64_t q = 0; q < kc; ++q) {
    const float* plane = s.in_group + ic * in_plane;
    const int64_t dh = kh * p.dilation_h;
    const int64_t dw = kw * p.dilation_w;
    float* dst = panel + q * width;
    for (int k = 0; k < n_segments; ++k) {
      const Segment& g = segments[k];
      float* d = dst + g.lane;
      const int64_t ih = g.row0 + dh;
      if (ih < 0 || ih >= p.in_h) {
        for (int64_t l = 0; l < g.lanes; ++l) d[l] = 0.0f;
        continue;
      }
      const float* row = plane + ih * p.in_w;
      const int64_t iw0 = g.col0 + dw;
      if (iw0 >= 0 && iw0 + (g.lanes - 1) * p.stride_w < p.in_w) {
        if (p.stride_w == 1) {
          memcpy(d, row + iw0, sizeof(float) * static_cast<size_t>(g.lanes));
        } else {
          for (int64_t l = 0; l < g.lanes; ++l) d[l] = row[iw0 + l * p.stride_w];
        }
      } else {
        for (int64_t l = 0; l < g.lanes; ++l) {
          const int64_t iw = iw0 + l * p.stride_w;
          d[l] = iw >= 0 && iw < p.in_w ? row[iw] : 0.0f;
        }
      }
    }
    for (int64_t l = end; l < width; ++l) dst[l] = 0.0f;
    if (++kw == p.kernel_w) {
      kw = 0;
      if (++kh == p.kernel_h) {
        kh = 0;
        ++ic;
      }
    }
  }
}

}  // namespace

int64_t conv2d_scratch_floats(const Conv2dParams& p) {
  if (p.groups < 1 || p.in_channels == 0) return 0;
  const bool depthwise = p.groups == p.in_channels && p.groups > 1;
  // Fewer output channels per group than this leave most rows of the GEMM's
  // 6-row tiles idle; the direct loops are faster there.
  constexpr int64_t kMinGemmChannels = 4;
  if (depthwise) return depthwise_scratch_floats(p);
  if (p.out_channels / p.groups < kMinGemmChannels) return 0;
  const int64_t depth = p.in_channels / p.groups * p.kernel_h * p.kernel_w;
  return gemm_scratch_floats(p.out_h * p.out_w, depth);
}

void conv2d_gemm_image(const Conv2dParams& p, const float* in_image, const float* weight,
                       float* out_image) {
  const int64_t in_per_group = p.in_channels / p.groups;
  const int64_t out_per_group = p.out_channels / p.groups;
  const int64_t pixels = p.out_h * p.out_w;
  const int64_t depth = in_per_group * p.kernel_h * p.kernel_w;
  for (int64_t g = 0; g < p.groups; ++g) {
    GemmParams gemm;
    gemm.m = out_per_group;
    gemm.n = pixels;
    gemm.k = depth;
    gemm.a_row = depth;
    gemm.a_col = 1;
    gemm.c_row = pixels;
    gemm.c_col = 1;
    gemm.scratch = p.scratch;
    gemm.scratch_floats = p.scratch_floats;
    const Im2col source{&p, in_image + g * in_per_group * p.in_h * p.in_w, pixels};
    gemm_f32_panels(gemm, weight + g * out_per_group * depth, PanelSource{&pack_im2col, &source},
                    out_image + g * out_per_group * pixels);
  }
}

}  // namespace portable
}  // namespace wick
