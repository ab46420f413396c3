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

// The window of an output pixel clipped to the input: taps [y0, y1) x
// [x0, x1) in units of dilation.
struct Window {
  int32_t y0, y1, x0, x1;
  int32_t iy0, ix0;  // input position of tap (0, 0)
};

// Taps [*k0, *k1) of a window whose tap 0 sits at `start` that fall inside
// [0, size). Windows inside the input (the common case) need no divisions.
// One copy for both axes: the rows' clip runs once per output row.
__attribute__((noinline)) void clip_taps(int32_t start, int32_t kernel, int32_t dilation,
                                         int32_t size, int32_t* k0, int32_t* k1) {
  *k0 = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
  if (start + (kernel - 1) * dilation < size) {
    *k1 = kernel;
  } else {
    // Taps k with start + k * dilation < size.
    const int32_t fit = start >= size ? 0 : (size - start + dilation - 1) / dilation;
    *k1 = fit < kernel ? fit : kernel;
  }
}

// Calls visit(pixel_input, out, window) for every output pixel, where
// pixel_input points at channel 0 of the batch's input image.
template <typename Visit>
void for_each_output(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                     int8_t* output, Visit visit) {
  const PoolParams params = p;
  const int32_t in_h = in.h;
  const int32_t in_w = in.w;
  const int32_t out_n = out.n;
  const int32_t out_h = out.h;
  const int32_t out_w = out.w;
  const int32_t pixel_bytes = out.c;
  const int64_t image_bytes = static_cast<int64_t>(in.h) * in.w * in.c;
  int8_t* y = output;
  Window w{};
  for (int32_t n = 0; n < out_n; ++n) {
    const int8_t* image = input + n * image_bytes;
    w.iy0 = -params.padding.h;
    for (int32_t oy = 0; oy < out_h; ++oy, w.iy0 += params.stride.h) {
      clip_taps(w.iy0, params.kernel.h, params.dilation.h, in_h, &w.y0, &w.y1);
      w.ix0 = -params.padding.w;
      for (int32_t ox = 0; ox < out_w; ++ox, y += pixel_bytes, w.ix0 += params.stride.w) {
        clip_taps(w.ix0, params.kernel.w, params.dilation.w, in_w, &w.x0, &w.x1);
        visit(image, y, w);
      }
    }
  }
}

}  // namespace

namespace {

// y[c] = clamp(max over rows x cols taps of the window's bytes of channel
// c) for c < channels, 16 channels per pass as a tail-predicated loop
// (WLSTP/LETP: the last pass's lanes past channels are inactive), so one
// loop covers whole vectors and the tail. The window starts at origin;
// taps are tap_stride apart in a row, rows tap_row_stride apart. rows or
// cols <= 0 (an empty window) gives -128, clamped, as the reference.
// clamp packs the activation as (max << 8) | (min & 0xff).
void max_window(const int8_t* origin, int32_t rows, int32_t cols, int32_t tap_stride,
                int32_t tap_row_stride, int32_t channels, int32_t clamp, int8_t* y) {
  if (rows <= 0 || cols <= 0) rows = 0;
  const int32_t row_skip = tap_row_stride - cols * tap_stride;
  const int8_t* tap;
  int32_t r;
  int32_t k;
  asm volatile(
      "   vdup.8 q2, %[clamp]\n"
      "   lsrs  %[clamp], %[clamp], #8\n"
      "   vdup.8 q3, %[clamp]\n"
      "   wlstp.8 lr, %[channels], 5f\n"
      "1: vmov.i8 q0, #0x80\n"
      "   mov   %[tap], %[origin]\n"
      "   movs  %[r], %[rows]\n"
      "   beq   4f\n"
      "2: mov   %[k], %[cols]\n"
      "3: vldrb.8 q1, [%[tap]]\n"
      "   vmax.s8 q0, q0, q1\n"
      "   add   %[tap], %[tap], %[tap_stride]\n"
      "   subs  %[k], %[k], #1\n"
      "   bne   3b\n"
      "   add   %[tap], %[tap], %[row_skip]\n"
      "   subs  %[r], %[r], #1\n"
      "   bne   2b\n"
      "4: vmax.s8 q0, q0, q2\n"
      "   vmin.s8 q0, q0, q3\n"
      "   vstrb.8 q0, [%[y]], #16\n"
      "   add   %[origin], %[origin], #16\n"
      "   letp  lr, 1b\n"
      "5:\n"
      : [tap] "=&r"(tap), [r] "=&r"(r), [k] "=&r"(k), [origin] "+r"(origin), [y] "+r"(y),
        [clamp] "+r"(clamp)
      : [rows] "r"(rows), [cols] "r"(cols), [tap_stride] "r"(tap_stride), [row_skip] "r"(row_skip),
        [channels] "r"(channels)
      : "q0", "q1", "q2", "q3", "lr", "memory", "cc");
}

}  // namespace

void max_pool2d_s8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                   int8_t* output) {
  // Locals throughout: int8 stores may alias anything reached by reference.
  const int32_t clamp = static_cast<int32_t>((static_cast<uint32_t>(p.activation.max) << 8) |
                                             (static_cast<uint32_t>(p.activation.min) & 0xffu));
  const int32_t channels = in.c;
  const int32_t in_w = in.w;
  const int32_t dilation_h = p.dilation.h;
  const int32_t dilation_w = p.dilation.w;
  const int32_t tap_row_stride = dilation_h * in_w * channels;
  const int32_t tap_stride = dilation_w * channels;
  for_each_output(p, in, input, out, output, [=](const int8_t* image, int8_t* y, const Window& w) {
    const int8_t* origin =
        image + ((w.iy0 + w.y0 * dilation_h) * in_w + w.ix0 + w.x0 * dilation_w) * channels;
    max_window(origin, w.y1 - w.y0, w.x1 - w.x0, tap_stride, tap_row_stride, channels, clamp, y);
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
