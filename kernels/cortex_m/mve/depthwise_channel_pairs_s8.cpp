// Helium depthwise_conv2d_s8 for a depth multiplier of 1 (depthwise_paths.h).
//
// Channels are the lanes, sixteen per pass: per tap, two groups of eight
// input bytes and weights are widened to int16, the input offset is added
// (|x + offset| stays within int16), and VMULLB / VMULLT multiply the even
// and the odd channels into int32 accumulators: two multiplies and two adds
// per eight MACs, where four-lane int32 arithmetic needs four of each.
// VST2 interleaves the even and odd sums back into channel order, and the
// sums are requantized four channels at a time. A channel count that is
// not a multiple of 16 has its last pass overlap the one before (the shared
// channels get the same sums twice). The tap loops are assembly: written
// with intrinsics, GCC spilled accumulators and pointers in this loop nest
// (KeywordSpotting's 3x3 layer: 239,118 instructions against 144,817 for
// the same arithmetic in assembly).
#include <arm_mve.h>

#include "kernels/cortex_m/mve/depthwise_paths.h"
#include "kernels/cortex_m/mve/depthwise_window.h"
#include "kernels/cortex_m/mve/requantize_mve.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// Steps of the tap loops: one tap on within a kernel row, and from past the
// row's last tap to the next row's first.
struct TapSteps {
  int32_t x_tap;
  int32_t w_tap;
  int32_t x_row;
  int32_t w_row;
};

// sums[0, 16) = sum over rows x cols taps of (x + input_offset) * w for the
// sixteen channels at x and w (rows, cols >= 1), for any tap steps. The row
// steps stay in memory (loaded into lr between rows) to leave the compiler
// registers.
void sixteen_channel_sums(const int8_t* x, const int8_t* w, int32_t rows, int32_t cols,
                          int32_t input_offset, const TapSteps& steps, int32_t* sums) {
  asm volatile(
      "vmov.i32 q4, #0\n\t"
      "vmov.i32 q5, #0\n\t"
      "vmov.i32 q6, #0\n\t"
      "vmov.i32 q7, #0\n"
      "1:\n\t"
      "dls lr, %[cols]\n"
      "2:\n\t"
      "vldrb.s16 q0, [%[x]]\n\t"
      "vldrb.s16 q1, [%[w]]\n\t"
      "vadd.i16 q0, q0, %[offset]\n\t"
      "vmullb.s16 q2, q0, q1\n\t"
      "vmullt.s16 q3, q0, q1\n\t"
      "vadd.i32 q4, q4, q2\n\t"
      "vadd.i32 q5, q5, q3\n\t"
      "vldrb.s16 q0, [%[x], #8]\n\t"
      "vldrb.s16 q1, [%[w], #8]\n\t"
      "vadd.i16 q0, q0, %[offset]\n\t"
      "vmullb.s16 q2, q0, q1\n\t"
      "vmullt.s16 q3, q0, q1\n\t"
      "vadd.i32 q6, q6, q2\n\t"
      "vadd.i32 q7, q7, q3\n\t"
      "add %[x], %[x], %[x_tap]\n\t"
      "add %[w], %[w], %[w_tap]\n\t"
      "le lr, 2b\n\t"
      "ldr lr, %[x_row]\n\t"
      "add %[x], %[x], lr\n\t"
      "ldr lr, %[w_row]\n\t"
      "add %[w], %[w], lr\n\t"
      "subs %[rows], %[rows], #1\n\t"
      "bne 1b\n\t"
      "vst20.32 {q4, q5}, [%[sums]]\n\t"
      "vst21.32 {q4, q5}, [%[sums]]!\n\t"
      "vst20.32 {q6, q7}, [%[sums]]\n\t"
      "vst21.32 {q6, q7}, [%[sums]]\n\t"
      : [x] "+r"(x), [w] "+r"(w), [rows] "+r"(rows), [sums] "+r"(sums)
      : [cols] "r"(cols), [offset] "r"(input_offset), [x_tap] "r"(steps.x_tap),
        [w_tap] "r"(steps.w_tap), [x_row] "m"(steps.x_row), [w_row] "m"(steps.w_row)
      : "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "lr", "memory", "cc");
}

// The same when both tap steps are kTapBytes (the channel count, dilation.w
// 1), small enough for a load's post-increment: no pointer adds per tap,
// and the row steps in registers.
template <int kTapBytes>
void sixteen_channel_sums(const int8_t* x, const int8_t* w, int32_t rows, int32_t cols,
                          int32_t input_offset, const TapSteps& steps, int32_t* sums) {
  static_assert(kTapBytes > 0 && kTapBytes <= 127, "VLDRB post-increment range");
  asm volatile(
      "vmov.i32 q4, #0\n\t"
      "vmov.i32 q5, #0\n\t"
      "vmov.i32 q6, #0\n\t"
      "vmov.i32 q7, #0\n"
      "1:\n\t"
      "dls lr, %[cols]\n"
      "2:\n\t"
      "vldrb.s16 q0, [%[x], #8]\n\t"
      "vldrb.s16 q1, [%[w], #8]\n\t"
      "vadd.i16 q0, q0, %[offset]\n\t"
      "vmullb.s16 q2, q0, q1\n\t"
      "vmullt.s16 q3, q0, q1\n\t"
      "vadd.i32 q6, q6, q2\n\t"
      "vadd.i32 q7, q7, q3\n\t"
      "vldrb.s16 q0, [%[x]], %[tap]\n\t"
      "vldrb.s16 q1, [%[w]], %[tap]\n\t"
      "vadd.i16 q0, q0, %[offset]\n\t"
      "vmullb.s16 q2, q0, q1\n\t"
      "vmullt.s16 q3, q0, q1\n\t"
      "vadd.i32 q4, q4, q2\n\t"
      "vadd.i32 q5, q5, q3\n\t"
      "le lr, 2b\n\t"
      "add %[x], %[x], %[x_row]\n\t"
      "add %[w], %[w], %[w_row]\n\t"
      "subs %[rows], %[rows], #1\n\t"
      "bne 1b\n\t"
      "vst20.32 {q4, q5}, [%[sums]]\n\t"
      "vst21.32 {q4, q5}, [%[sums]]!\n\t"
      "vst20.32 {q6, q7}, [%[sums]]\n\t"
      "vst21.32 {q6, q7}, [%[sums]]\n\t"
      : [x] "+r"(x), [w] "+r"(w), [rows] "+r"(rows), [sums] "+r"(sums)
      : [cols] "r"(cols), [offset] "r"(input_offset), [tap] "i"(kTapBytes),
        [x_row] "r"(steps.x_row), [w_row] "r"(steps.w_row)
      : "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "lr", "memory", "cc");
}

// sums[0, channels) for one output pixel (channels >= 16): passes of
// sixteen channels, the last one overlapping the one before when the count
// is not a multiple of 16. kTapBytes: as sixteen_channel_sums<kTapBytes>, 0
// for any steps. Out of line: inside the pixel loops the compiler reloads
// every pointer from the stack around each pass.
template <int kTapBytes>
__attribute__((noinline)) void pixel_sums(const int8_t* x, const int8_t* w, int32_t rows,
                                          int32_t cols, int32_t input_offset, const TapSteps& steps,
                                          int32_t channels, int32_t* sums) {
  const int32_t last_pass = channels - 16;
  for (int32_t c = 0;; c += 16) {
    const int32_t pass = c < last_pass ? c : last_pass;
    if constexpr (kTapBytes == 0) {
      sixteen_channel_sums(x + pass, w + pass, rows, cols, input_offset, steps, sums + pass);
    } else {
      sixteen_channel_sums<kTapBytes>(x + pass, w + pass, rows, cols, input_offset, steps,
                                      sums + pass);
    }
    if (pass == last_pass) return;
  }
}

using PixelSums = void (*)(const int8_t* x, const int8_t* w, int32_t rows, int32_t cols,
                           int32_t input_offset, const TapSteps& steps, int32_t channels,
                           int32_t* sums);

// The pixel_sums for a layer: post-incremented loads where the tap step is a
// multiple of 16 channels below 128 bytes.
PixelSums pixel_sums_for(int32_t channels, int32_t dilation_w) {
  switch (dilation_w == 1 ? channels : 0) {
    case 16:
      return pixel_sums<16>;
    case 32:
      return pixel_sums<32>;
    case 48:
      return pixel_sums<48>;
    case 64:
      return pixel_sums<64>;
    case 80:
      return pixel_sums<80>;
    case 96:
      return pixel_sums<96>;
    case 112:
      return pixel_sums<112>;
    default:
      return pixel_sums<0>;
  }
}

}  // namespace

void depthwise_s8_channel_pairs(const DepthwiseConvParams& p, const PerChannelQuant& quant,
                                const Dims4& in_dims, const int8_t* input, const Dims4& f_dims,
                                const int8_t* filter, const int32_t* bias, const Dims4& out_dims,
                                int8_t* output, void* scratch) {
  // Locals throughout: int8 stores may alias anything reached by reference.
  const int32_t channels = out_dims.c;
  const int32_t in_h = in_dims.h;
  const int32_t in_w = in_dims.w;
  const int32_t kernel_h = f_dims.h;
  const int32_t kernel_w = f_dims.w;
  const int32_t input_offset = p.input_offset;
  const int32_t output_offset = p.output_offset;
  const Activation act = p.activation;
  const bool left_shifts = any_left_shift(quant.shift, out_dims.c);
  const HeightWidth stride = p.stride;
  const HeightWidth padding = p.padding;
  const HeightWidth dilation = p.dilation;
  const int32_t tap_row_stride = dilation.h * in_w * channels;
  const int32_t tap_stride = dilation.w * channels;
  const int32_t filter_row_stride = kernel_w * channels;
  int32_t* const sums = static_cast<int32_t*>(scratch);
  const PixelSums sums_of_pixel = pixel_sums_for(channels, dilation.w);
  int8_t* y = output;
  for (int32_t n = 0; n < out_dims.n; ++n) {
    const int8_t* image = input + static_cast<int64_t>(n) * in_h * in_w * channels;
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      const int32_t iy0 = oy * stride.h - padding.h;
      const TapRange rows = tap_range(iy0, kernel_h, dilation.h, in_h);
      for (int32_t ox = 0; ox < out_dims.w; ++ox, y += channels) {
        const int32_t ix0 = ox * stride.w - padding.w;
        const TapRange cols = tap_range(ix0, kernel_w, dilation.w, in_w);
        if (rows.count == 0 || cols.count == 0) {
          for (int32_t c = 0; c < channels; c += 4) vstrwq_s32(sums + c, vdupq_n_s32(0));
        } else {
          const int8_t* window =
              image +
              ((iy0 + rows.first * dilation.h) * in_w + ix0 + cols.first * dilation.w) * channels;
          const int8_t* window_taps = filter + (rows.first * kernel_w + cols.first) * channels;
          const TapSteps steps{tap_stride, channels, tap_row_stride - cols.count * tap_stride,
                               filter_row_stride - cols.count * channels};
          sums_of_pixel(window, window_taps, rows.count, cols.count, input_offset, steps, channels,
                        sums);
        }
        requantize_channel_sums(sums, bias, quant, channels, output_offset, act, left_shifts, y);
      }
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
