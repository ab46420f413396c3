// Helium avg_pool2d_s8 / max_pool2d_s8: same results as kernels/cortex_m/pool2d_s8.cpp.
//
// Channels are the vector lanes (NHWC): max pooling takes VMAX over the
// window's taps 16 channels at a time; average pooling sums 16 channels per
// pass in int16 lanes (int32 lanes, 4 channels per pass, for fewer channels
// or windows too large for int16) and divides each lane as the reference
// does (the sum and count are exact integers, so only the final division is
// scalar).
#include "kernels/cortex_m/pool2d_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// The window of output (oy, ox) clipped to the input: taps [y0, y1) x [x0, x1)
// in units of dilation.
struct Window {
  int32_t y0, y1, x0, x1;
  int32_t iy0, ix0;  // input position of tap (0, 0)
};

int32_t first_tap(int32_t start, int32_t dilation) {
  return start >= 0 ? 0 : (-start + dilation - 1) / dilation;
}

int32_t end_tap(int32_t start, int32_t kernel, int32_t dilation, int32_t size) {
  // Taps k with start + k * dilation < size.
  if (start >= size) return 0;
  const int32_t fit = (size - start + dilation - 1) / dilation;
  return fit < kernel ? fit : kernel;
}

Window window_of(const PoolParams& p, const Dims4& in, int32_t oy, int32_t ox) {
  Window w{};
  w.iy0 = oy * p.stride.h - p.padding.h;
  w.ix0 = ox * p.stride.w - p.padding.w;
  // Windows inside the input (the common case) need no divisions.
  const bool top = w.iy0 >= 0;
  const bool bottom = w.iy0 + (p.kernel.h - 1) * p.dilation.h < in.h;
  const bool left = w.ix0 >= 0;
  const bool right = w.ix0 + (p.kernel.w - 1) * p.dilation.w < in.w;
  w.y0 = top ? 0 : first_tap(w.iy0, p.dilation.h);
  w.y1 = bottom ? p.kernel.h : end_tap(w.iy0, p.kernel.h, p.dilation.h, in.h);
  w.x0 = left ? 0 : first_tap(w.ix0, p.dilation.w);
  w.x1 = right ? p.kernel.w : end_tap(w.ix0, p.kernel.w, p.dilation.w, in.w);
  return w;
}

// Calls visit(pixel_input, out, window) for every output pixel, where
// pixel_input points at channel 0 of the batch's input image.
template <typename Visit>
void for_each_output(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                     int8_t* output, Visit visit) {
  const Dims4 in_dims = in;
  const PoolParams params = p;
  const int32_t out_n = out.n;
  const int32_t out_h = out.h;
  const int32_t out_w = out.w;
  const int32_t pixel_bytes = out.c;
  const int64_t image_bytes = static_cast<int64_t>(in.h) * in.w * in.c;
  int8_t* y = output;
  for (int32_t n = 0; n < out_n; ++n) {
    const int8_t* image = input + n * image_bytes;
    for (int32_t oy = 0; oy < out_h; ++oy) {
      for (int32_t ox = 0; ox < out_w; ++ox, y += pixel_bytes) {
        visit(image, y, window_of(params, in_dims, oy, ox));
      }
    }
  }
}

}  // namespace

void max_pool2d_s8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                   int8_t* output) {
  // Locals throughout: int8 stores may alias anything reached by reference.
  const int8x16_t lo = vdupq_n_s8(static_cast<int8_t>(p.activation.min));
  const int8x16_t hi = vdupq_n_s8(static_cast<int8_t>(p.activation.max));
  const int32_t channels = in.c;
  const int32_t tap_row_stride = p.dilation.h * in.w * channels;
  const int32_t tap_stride = p.dilation.w * channels;
  const int32_t vectors = channels >> 4;
  const int32_t tail = channels & 15;
  const mve_pred16_t tail_lanes = vctp8q(static_cast<uint32_t>(tail));
  for_each_output(p, in, input, out, output, [=](const int8_t* image, int8_t* y, const Window& w) {
    const int32_t rows = w.y1 - w.y0;
    const int32_t cols = w.x1 - w.x0;
    const int8_t* origin =
        image + ((w.iy0 + w.y0 * p.dilation.h) * in.w + w.ix0 + w.x0 * p.dilation.w) * channels;
    // An empty window gives -128 as in the reference.
    for (int32_t v = 0; v < vectors; ++v, origin += 16, y += 16) {
      int8x16_t max = vdupq_n_s8(INT8_MIN);
      const int8_t* line = origin;
      for (int32_t ky = 0; ky < rows; ++ky, line += tap_row_stride) {
        const int8_t* tap = line;
        for (int32_t kx = 0; kx < cols; ++kx, tap += tap_stride) {
          max = vmaxq_s8(max, vldrbq_s8(tap));
        }
      }
      vstrbq_s8(y, vminq_s8(vmaxq_s8(max, lo), hi));
    }
    if (tail != 0) {
      int8x16_t max = vdupq_n_s8(INT8_MIN);
      const int8_t* line = origin;
      for (int32_t ky = 0; ky < rows; ++ky, line += tap_row_stride) {
        const int8_t* tap = line;
        for (int32_t kx = 0; kx < cols; ++kx, tap += tap_stride) {
          max = vmaxq_s8(max, vldrbq_z_s8(tap, tail_lanes));
        }
      }
      vstrbq_p_s8(y, vminq_s8(vmaxq_s8(max, lo), hi), tail_lanes);
    }
  });
}

namespace {

// Average pooling with the window sums in int16 lanes (windows of at most
// kNarrowSumTaps taps: |sum| <= 256 * 128 fits), 16 channels per pass as
// two widening 8-byte loads per tap. The division is scalar per channel.
constexpr int64_t kNarrowSumTaps = 256;

// The reference's rounding division of an exact sum by the tap count, clamped.
inline int8_t divide_and_clamp(int32_t sum, int32_t count, const Activation& act) {
  int32_t v = 0;
  if (count != 0) v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  return static_cast<int8_t>(v < act.min ? act.min : (v > act.max ? act.max : v));
}

// sums[0, 16) = the int16 sums over rows x cols taps of the sixteen
// channels at x (rows, cols >= 1). Assembly: the same loop in intrinsics
// compiles to a third more instructions (KeywordSpotting's 24x5 pool: 7,058
// against 5,214).
void sixteen_channel_window_sums(const int8_t* x, int32_t rows, int32_t cols, int32_t tap_step,
                                 int32_t row_step, int16_t* sums) {
  asm volatile(
      "vmov.i16 q2, #0\n\t"
      "vmov.i16 q3, #0\n"
      "1:\n\t"
      "dls lr, %[cols]\n"
      "2:\n\t"
      "vldrb.s16 q0, [%[x]]\n\t"
      "vldrb.s16 q1, [%[x], #8]\n\t"
      "add %[x], %[x], %[tap_step]\n\t"
      "vadd.i16 q2, q2, q0\n\t"
      "vadd.i16 q3, q3, q1\n\t"
      "le lr, 2b\n\t"
      "add %[x], %[x], %[row_step]\n\t"
      "subs %[rows], %[rows], #1\n\t"
      "bne 1b\n\t"
      "vstrh.16 q2, [%[sums]]\n\t"
      "vstrh.16 q3, [%[sums], #16]\n\t"
      : [x] "+r"(x), [rows] "+r"(rows)
      : [cols] "r"(cols), [tap_step] "r"(tap_step), [row_step] "r"(row_step), [sums] "r"(sums)
      : "q0", "q1", "q2", "q3", "lr", "memory", "cc");
}

// At least 16 channels: passes of sixteen, the last one overlapping the one
// before when the count is not a multiple of 16.
void avg_pool2d_narrow(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                       int8_t* output) {
  const int32_t channels = in.c;
  const int32_t tap_row_stride = p.dilation.h * in.w * channels;
  const int32_t tap_stride = p.dilation.w * channels;
  const int32_t dilation_h = p.dilation.h;
  const int32_t dilation_w = p.dilation.w;
  const int32_t in_w = in.w;
  const int32_t last_pass = channels - 16;
  const Activation act = p.activation;
  for_each_output(p, in, input, out, output, [=](const int8_t* image, int8_t* y, const Window& w) {
    const int32_t rows = w.y1 > w.y0 ? w.y1 - w.y0 : 0;
    const int32_t cols = w.x1 > w.x0 ? w.x1 - w.x0 : 0;
    const int32_t count = rows * cols;
    const int8_t* origin =
        image + ((w.iy0 + w.y0 * dilation_h) * in_w + w.ix0 + w.x0 * dilation_w) * channels;
    alignas(16) int16_t sums[16] = {};
    for (int32_t c = 0;; c += 16) {
      const int32_t pass = c < last_pass ? c : last_pass;
      if (count != 0) {
        sixteen_channel_window_sums(origin + pass, rows, cols, tap_stride,
                                    tap_row_stride - cols * tap_stride, sums);
      }
      for (int32_t lane = 0; lane < 16; ++lane) {
        y[pass + lane] = divide_and_clamp(sums[lane], count, act);
      }
      if (pass == last_pass) break;
    }
  });
}

// Any window size: int32 sums, 4 channels per pass.
void avg_pool2d_wide(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                     int8_t* output) {
  const int32_t row_stride = in.w * in.c;
  for_each_output(p, in, input, out, output, [&](const int8_t* image, int8_t* y, const Window& w) {
    const int32_t count = (w.y1 > w.y0 ? w.y1 - w.y0 : 0) * (w.x1 > w.x0 ? w.x1 - w.x0 : 0);
    for (int32_t c = 0; c < in.c; c += 4) {
      const int32_t active = in.c - c < 4 ? in.c - c : 4;
      const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(active));
      int32x4_t sum = vdupq_n_s32(0);
      for (int32_t ky = w.y0; ky < w.y1; ++ky) {
        const int8_t* line = image + (w.iy0 + ky * p.dilation.h) * row_stride + c;
        for (int32_t kx = w.x0; kx < w.x1; ++kx) {
          sum = vaddq_s32(sum, vldrbq_z_s32(line + (w.ix0 + kx * p.dilation.w) * in.c, lanes));
        }
      }
      int32_t sums[4];
      vstrwq_s32(sums, sum);
      for (int32_t lane = 0; lane < active; ++lane) {
        y[c + lane] = divide_and_clamp(sums[lane], count, p.activation);
      }
    }
  });
}

}  // namespace

void avg_pool2d_s8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                   int8_t* output) {
  if (in.c >= 16 && int64_t{p.kernel.h} * p.kernel.w <= kNarrowSumTaps) {
    avg_pool2d_narrow(p, in, input, out, output);
  } else {
    avg_pool2d_wide(p, in, input, out, output);
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
