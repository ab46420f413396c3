// The core of the Helium convolutions: blocks of output pixels (rows of an
// im2col matrix, or input rows for 1x1) times output channels, with
// VMLADAVA (16 int8 MACs per instruction) into int32 sums, then
// requantization with channels in the vector lanes.
//
// The input offset is folded into a per-channel kernel sum
// (bias + input_offset * sum of the channel's weights), so the inner loop
// multiplies raw int8 inputs. Padding taps are filled with -input_offset,
// whose (x + input_offset) is 0 as the reference's skipped taps; int32
// accumulation wraps the same way in either order.
#pragma once

#include <arm_mve.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels/cortex_m/mve/byte_sum.h"
#include "kernels/cortex_m/mve/requantize_mve.h"
#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {
namespace mve {

// Per output channel tables, precomputed once per call so that
// requantization runs with channels in the vector lanes.
struct ChannelTables {
  int32_t* kernel_sum;  // bias + input_offset * sum of the channel's weights
  int32_t* multiplier;
  int32_t* left;        // max(shift, 0)
  int32_t* right_neg;   // min(shift, 0)
  bool any_left_shift;  // some shift > 0
  bool any_min_multiplier;  // some multiplier is INT32_MIN (see requantize_rows)
};

// Bytes of ChannelTables for `channels` channels.
inline size_t channel_tables_bytes(int32_t channels) {
  return 4 * sizeof(int32_t) * static_cast<size_t>(channels);
}

inline ChannelTables channel_tables_at(void* memory, int32_t channels) {
  int32_t* base = static_cast<int32_t*>(memory);
  return ChannelTables{base, base + channels, base + 2 * channels, base + 3 * channels, false,
                       false};
}

// Fills the tables for channels [0, channels) with rows of `depth` weights.
inline void prepare_channels(const int8_t* filter, int32_t depth, const int32_t* bias,
                             const PerChannelQuant& quant, int32_t input_offset, int32_t channels,
                             ChannelTables& t) {
  int32_t left_shift = 0;
  int32_t min_multiplier = 0;
  for (int32_t oc = 0; oc < channels; ++oc, filter += depth) {
    const int32_t sum = sum_s8(filter, depth);
    const uint32_t base = bias != nullptr ? static_cast<uint32_t>(bias[oc]) : 0u;
    t.kernel_sum[oc] = static_cast<int32_t>(base + static_cast<uint32_t>(sum) *
                                                       static_cast<uint32_t>(input_offset));
    const int32_t shift = quant.shift[oc];
    const int32_t multiplier = quant.multiplier[oc];
    t.multiplier[oc] = multiplier;
    t.left[oc] = shift > 0 ? shift : 0;
    t.right_neg[oc] = shift > 0 ? 0 : shift;
    left_shift |= shift > 0;
    min_multiplier |= multiplier == INT32_MIN;
  }
  t.any_left_shift = left_shift != 0;
  t.any_min_multiplier = min_multiplier != 0;
}

// Requantizes rows [0, rows) of int32 sums acc[r * acc_stride + c] for
// channels c in [first, first + count) into out[r * out_stride + c], four
// channels per vector (conv_block.cpp); left shifts are applied to acc in
// place. VQRDMULH saturates INT32_MIN * INT32_MIN where the reference's
// doubling_high_mult_no_sat wraps, so with any_min_multiplier the outputs of
// a sum of INT32_MIN on such a channel are then redone as the reference does.
// It runs once per block of pixels, out of line so that it does not compete
// for the dot loops' registers.
void requantize_rows(const ChannelTables& t, int32_t* acc, int32_t acc_stride, int32_t first,
                     int32_t count, int32_t rows, int32_t output_offset, const Activation& act,
                     int8_t* out, int32_t out_stride);

// Three output pixels times two output channels, the largest tile whose
// six VMLAVA accumulators (even registers only) and five pointers fit the
// core registers beside the loop counter: per 16 input bytes, five loads
// and six VMLAVA, 96 MACs in 12 instructions.
//   out0[r * stride] = init0 + sum over k < depth of rows[r][k] * w0[k]
//   out1[r * stride] = init1 + sum over k < depth of rows[r][k] * w1[k]
// Reads no byte past depth: the loop is tail-predicated (WLSTP/LETP), so
// the last pass's lanes past depth are inactive and add nothing.
__attribute__((always_inline)) inline void dot3x2(const int8_t* w0, const int8_t* w1,
                                                  const int8_t* r0, const int8_t* r1,
                                                  const int8_t* r2, int32_t depth, int32_t init0,
                                                  int32_t init1, int32_t* out0, int32_t* out1,
                                                  int32_t stride) {
  int32_t a00 = init0, a10 = init0, a20 = init0;
  int32_t a01 = init1, a11 = init1, a21 = init1;
  // Written out because the compiler spills inside the loop when the
  // surrounding code keeps registers busy. The count comes from memory:
  // every other core register holds an operand.
  asm volatile(
      "   ldr   lr, %[depth]\n"
      "   wlstp.8 lr, lr, 2f\n"
      "1: vldrb.8 q0, [%[w0]], #16\n"
      "   vldrb.8 q1, [%[w1]], #16\n"
      "   vldrb.8 q2, [%[r0]], #16\n"
      "   vmlava.s8 %[a00], q2, q0\n"
      "   vmlava.s8 %[a01], q2, q1\n"
      "   vldrb.8 q3, [%[r1]], #16\n"
      "   vmlava.s8 %[a10], q3, q0\n"
      "   vmlava.s8 %[a11], q3, q1\n"
      "   vldrb.8 q2, [%[r2]], #16\n"
      "   vmlava.s8 %[a20], q2, q0\n"
      "   vmlava.s8 %[a21], q2, q1\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [a00] "+Te"(a00), [a01] "+Te"(a01), [a10] "+Te"(a10), [a11] "+Te"(a11), [a20] "+Te"(a20),
        [a21] "+Te"(a21), [w0] "+r"(w0), [w1] "+r"(w1), [r0] "+r"(r0), [r1] "+r"(r1), [r2] "+r"(r2)
      : [depth] "m"(depth)
      : "q0", "q1", "q2", "q3", "lr", "memory");
  out0[0] = a00;
  out0[stride] = a10;
  out0[2 * stride] = a20;
  out1[0] = a01;
  out1[stride] = a11;
  out1[2 * stride] = a21;
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
