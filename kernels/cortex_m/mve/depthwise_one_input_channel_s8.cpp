// Helium depthwise_conv2d_s8 for one input channel (depthwise_paths.h), the
// first layer of e.g. a keyword-spotting network: 1 channel -> M channels
// through a tall window.
//
// Every output channel of a pixel filters the same window, so the window is
// built once per pixel as taps in int16 lanes (x + input_offset, 0 where it
// hangs over the input), held in q0..q5, and each output channel is one
// VMLADAV per eight taps of it with that channel's taps, gathered from the
// filter's [tap][channel] layout with 16-bit offsets: eight MACs per
// multiply, against four per VMUL with the channels in lanes. The last
// vector holds the window's last eight taps with those already counted
// zeroed, so no gather reads past the filter and none needs a predicate.
// The per-channel loop is assembly because GCC spills the window vectors
// and recomputes every gather base (KeywordSpotting's first layer: 489,227
// instructions with the loop in intrinsics, 254,599 with it in assembly and
// the rest unchanged); the sums then get the bias and are requantized four
// channels at a time.
#include <arm_mve.h>

#include "kernels/cortex_m/mve/depthwise_paths.h"
#include "kernels/cortex_m/mve/depthwise_window.h"
#include "kernels/cortex_m/mve/requantize_mve.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// The assembly pieces of window_dot_channels: load window vector k into qk;
// gather eight taps of the channel at w (tap offsets in qo: q6 for taps
// 0..7 from w, q5 for taps 8..15) into q7 and dot them with window vector q;
// step w on by the named operand.
// clang-format off
#define WICK_DW_WINDOW(q, byte_offset) "vldrh.16 " q ", [%[window], #" byte_offset "]\n\t"
#define WICK_DW_TAPS(mla, q, qo) "vldrb.s16 q7, [%[w], " qo "]\n\t" mla " %[sum], " q ", q7\n\t"
#define WICK_DW_STEP(by) "add %[w], %[w], %[" by "]\n\t"
#define WICK_DW_LOOP_START                                                           \
  "vldrh.16 q6, [%[offsets]]\n\tvldrh.16 q5, [%[offsets], #16]\n\tdls lr, %[count]\n1:\n\t"
#define WICK_DW_LOOP_START_Q6 "vldrh.16 q6, [%[offsets]]\n\tdls lr, %[count]\n1:\n\t"
#define WICK_DW_LOOP_END "sub %[w], %[w], %[back]\n\tstr %[sum], [%[sums]], #4\n\tle lr, 1b\n\t"
#define WICK_DW_OPERANDS                                                                  \
  : [w] "+r"(w), [sums] "+r"(sums), [sum] "=&Te"(sum)                                     \
  : [window] "r"(window), [offsets] "r"(tap_offsets), [count] "r"(channels),              \
    [step] "r"(step), [to_last] "r"(to_last), [back] "r"(back)                            \
  : "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "lr", "memory", "cc"
// clang-format on

// Window vectors in q0..q(kVectors-1), the tap offsets in q6 (and q5 when
// free), then for each channel: its dot product with the window into
// sums[oc], and w on to the next channel's first tap (w: filter + channel +
// tap * channels; step, to_last and back as one_input_channel sets them).
template <int kVectors>
void window_dot_channels(const int16_t* window, const uint16_t* tap_offsets, const int8_t* filter,
                         int32_t channels, int32_t step, int32_t to_last, int32_t back,
                         int32_t* sums) {
  const int8_t* w = filter;
  int32_t sum = 0;
  // clang-format off
  if constexpr (kVectors == 1) {
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_LOOP_START_Q6
        WICK_DW_TAPS("vmladav.s16", "q0", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  } else if constexpr (kVectors == 2) {
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_WINDOW("q1", "16") WICK_DW_LOOP_START_Q6
        WICK_DW_TAPS("vmladav.s16", "q0", "q6") WICK_DW_STEP("to_last")
        WICK_DW_TAPS("vmladava.s16", "q1", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  } else if constexpr (kVectors == 3) {
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_WINDOW("q1", "16") WICK_DW_WINDOW("q2", "32")
        WICK_DW_LOOP_START
        WICK_DW_TAPS("vmladav.s16", "q0", "q6") WICK_DW_TAPS("vmladava.s16", "q1", "q5")
        WICK_DW_STEP("to_last")
        WICK_DW_TAPS("vmladava.s16", "q2", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  } else if constexpr (kVectors == 4) {
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_WINDOW("q1", "16") WICK_DW_WINDOW("q2", "32")
        WICK_DW_WINDOW("q3", "48") WICK_DW_LOOP_START
        WICK_DW_TAPS("vmladav.s16", "q0", "q6") WICK_DW_TAPS("vmladava.s16", "q1", "q5")
        WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q2", "q6") WICK_DW_STEP("to_last")
        WICK_DW_TAPS("vmladava.s16", "q3", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  } else if constexpr (kVectors == 5) {
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_WINDOW("q1", "16") WICK_DW_WINDOW("q2", "32")
        WICK_DW_WINDOW("q3", "48") WICK_DW_WINDOW("q4", "64") WICK_DW_LOOP_START
        WICK_DW_TAPS("vmladav.s16", "q0", "q6") WICK_DW_TAPS("vmladava.s16", "q1", "q5")
        WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q2", "q6") WICK_DW_TAPS("vmladava.s16", "q3", "q5")
        WICK_DW_STEP("to_last")
        WICK_DW_TAPS("vmladava.s16", "q4", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  } else {
    // q5 holds window vector 5: eight taps per step.
    static_assert(kVectors == 6, "windows of 8..48 taps");
    asm volatile(
        WICK_DW_WINDOW("q0", "0") WICK_DW_WINDOW("q1", "16") WICK_DW_WINDOW("q2", "32")
        WICK_DW_WINDOW("q3", "48") WICK_DW_WINDOW("q4", "64") WICK_DW_WINDOW("q5", "80")
        WICK_DW_LOOP_START_Q6
        WICK_DW_TAPS("vmladav.s16", "q0", "q6") WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q1", "q6") WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q2", "q6") WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q3", "q6") WICK_DW_STEP("step")
        WICK_DW_TAPS("vmladava.s16", "q4", "q6") WICK_DW_STEP("to_last")
        WICK_DW_TAPS("vmladava.s16", "q5", "q6")
        WICK_DW_LOOP_END WICK_DW_OPERANDS);
  }
  // clang-format on
}

#undef WICK_DW_WINDOW
#undef WICK_DW_TAPS
#undef WICK_DW_STEP
#undef WICK_DW_LOOP_START
#undef WICK_DW_LOOP_START_Q6
#undef WICK_DW_LOOP_END
#undef WICK_DW_OPERANDS

// The filter pointer steps of window_dot_channels<kVectors>: on by the taps
// of one gather pair (one gather for 6 vectors, where q5 holds the window),
// from the last step's taps on to the last eight taps, and from there back
// to the next channel's first tap.
struct DotSteps {
  int32_t step;
  int32_t to_last;
  int32_t back;
};

DotSteps dot_steps(int32_t vectors, int32_t taps, int32_t channels) {
  const int32_t step_taps = vectors == 6 ? 8 : 16;
  const int32_t taps_before_last = vectors <= 3 ? 0 : (vectors == 6 ? 32 : 16);
  return DotSteps{step_taps * channels, (taps - 8 - taps_before_last) * channels,
                  (taps - 8) * channels - 1};
}

using WindowDot = void (*)(const int16_t* window, const uint16_t* tap_offsets, const int8_t* filter,
                           int32_t channels, int32_t step, int32_t to_last, int32_t back,
                           int32_t* sums);

WindowDot window_dot_for(int32_t vectors) {
  switch (vectors) {
    case 1:
      return window_dot_channels<1>;
    case 2:
      return window_dot_channels<2>;
    case 3:
      return window_dot_channels<3>;
    case 4:
      return window_dot_channels<4>;
    case 5:
      return window_dot_channels<5>;
    default:
      return window_dot_channels<6>;
  }
}

}  // namespace

void depthwise_s8_one_input_channel(const DepthwiseConvParams& p, const PerChannelQuant& quant,
                                    const Dims4& in_dims, const int8_t* input, const Dims4& f_dims,
                                    const int8_t* filter, const int32_t* bias,
                                    const Dims4& out_dims, int8_t* output, void* scratch) {
  // Locals throughout: int8 stores may alias anything reached by reference.
  int32_t* const sums = static_cast<int32_t*>(scratch);
  const int32_t channels = out_dims.c;
  const int32_t in_h = in_dims.h;
  const int32_t in_w = in_dims.w;
  const int32_t kernel_h = f_dims.h;
  const int32_t kernel_w = f_dims.w;
  const int32_t taps = kernel_h * kernel_w;
  const int32_t vectors = (taps + 7) / 8;
  const int32_t last = 8 * (vectors - 1);
  const int16_t input_offset = static_cast<int16_t>(p.input_offset);
  const int32_t output_offset = p.output_offset;
  const Activation act = p.activation;
  const bool left_shifts = any_left_shift(quant.shift, out_dims.c);
  const HeightWidth stride = p.stride;
  const HeightWidth padding = p.padding;
  const HeightWidth dilation = p.dilation;
  const WindowDot window_dot = window_dot_for(vectors);
  const DotSteps steps = dot_steps(vectors, taps, channels);
  // Filter offsets of taps 0..15 of one channel.
  alignas(16) uint16_t tap_offsets[16];
  const uint16x8_t lane_taps = vmulq_n_u16(vidupq_n_u16(0, 1), static_cast<uint16_t>(channels));
  vstrhq_u16(tap_offsets, lane_taps);
  vstrhq_u16(tap_offsets + 8, vaddq_n_u16(lane_taps, static_cast<uint16_t>(8 * channels)));
  // Input offsets of the taps of one kernel row (one input channel).
  const uint16x8_t column_offsets =
      vmulq_n_u16(vidupq_n_u16(0, 1), static_cast<uint16_t>(dilation.w));
  // Lanes of the last vector whose taps an earlier vector already holds.
  const mve_pred16_t counted = vctp16q(static_cast<uint32_t>(last - (taps - 8)));
  const int16x8_t zero = vdupq_n_s16(0);
  alignas(16) int16_t window[kSingleMaxTaps];
  int8_t* y = output;
  for (int32_t n = 0; n < out_dims.n; ++n) {
    const int8_t* image = input + static_cast<int64_t>(n) * in_h * in_w;
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      const int32_t iy0 = oy * stride.h - padding.h;
      const TapRange rows = tap_range(iy0, kernel_h, dilation.h, in_h);
      for (int32_t ox = 0; ox < out_dims.w; ++ox, y += channels) {
        const int32_t ix0 = ox * stride.w - padding.w;
        const TapRange cols = tap_range(ix0, kernel_w, dilation.w, in_w);
        for (int32_t v = 0; v < vectors; ++v) vstrhq_s16(window + 8 * v, zero);
        if (cols.count > 0) {
          const mve_pred16_t col_lanes = vctp16q(static_cast<uint32_t>(cols.count));
          const int8_t* src =
              image + (iy0 + rows.first * dilation.h) * in_w + ix0 + cols.first * dilation.w;
          int16_t* dst = window + rows.first * kernel_w + cols.first;
          for (int32_t r = 0; r < rows.count; ++r, src += dilation.h * in_w, dst += kernel_w) {
            const int16x8_t x = vldrbq_gather_offset_z_s16(src, column_offsets, col_lanes);
            vstrhq_p_s16(dst, vaddq_n_s16(x, input_offset), col_lanes);
          }
        }
        // Taps are in order in window[0, taps); the last vector becomes taps
        // [taps - 8, taps) without those of the vectors before it.
        vstrhq_s16(window + last, vpselq_s16(zero, vldrhq_s16(window + taps - 8), counted));
        window_dot(window, tap_offsets, filter, channels, steps.step, steps.to_last, steps.back,
                   sums);
        requantize_channel_sums(sums, bias, quant, channels, output_offset, act, left_shifts, y);
      }
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
