// Helium forms of the CMSIS-NN requantization in kernels/cortex_m/requantize.h,
// four int32 lanes at a time, bit-identical to the scalar helpers with one
// exception the callers must exclude: VQRDMULH saturates INT32_MIN * INT32_MIN
// where the scalar doubling_high_mult_no_sat wraps, so a multiplier of
// INT32_MIN is never passed here (kernels route it to the reference, or, as
// conv_block.cpp's requantize_rows, redo the one product that differs).
#pragma once

#include <arm_mve.h>
#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {
namespace mve {

// True when every multiplier can go through VQRDMULH (none is INT32_MIN).
inline bool multipliers_fit_vqrdmulh(const int32_t* multipliers, int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    if (multipliers[i] == INT32_MIN) return false;
  }
  return true;
}

// Rounding divide by 2^-right_neg, half away from zero (right_neg in [-31, 0]):
// a negative value is nudged down by one before VRSHL's round-half-up, which
// turns its ties away from zero; VQADD keeps INT32_MIN in range, where the
// nudge cannot change the (exact) result.
inline int32x4_t rounding_divide_by_pow2(int32x4_t v, int32x4_t right_neg) {
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(v, right_neg), 31);
  return vrshlq_s32(vqaddq_s32(v, fixup), right_neg);
}

// One (multiplier, shift) for all lanes, split as left = max(shift, 0) and
// right_neg = min(shift, 0).
struct LaneRequant {
  int32_t multiplier;
  int32_t left;
  int32_t right_neg;
};

inline LaneRequant lane_requant(int32_t multiplier, int32_t shift) {
  return LaneRequant{multiplier, shift > 0 ? shift : 0, shift > 0 ? 0 : shift};
}

inline int32x4_t requantize(int32x4_t v, const LaneRequant& r) {
  v = vqrdmulhq_n_s32(vshlq_r_s32(v, r.left), r.multiplier);
  return rounding_divide_by_pow2(v, vdupq_n_s32(r.right_neg));
}

// Per-lane multipliers and shifts.
inline int32x4_t requantize(int32x4_t v, int32x4_t multiplier, int32x4_t shift) {
  const int32x4_t zero = vdupq_n_s32(0);
  v = vqrdmulhq_s32(vshlq_s32(v, vmaxq_s32(shift, zero)), multiplier);
  return rounding_divide_by_pow2(v, vminq_s32(shift, zero));
}

// out = clamp(v + output_offset, activation), still in int32 lanes.
inline int32x4_t offset_and_clamp(int32x4_t v, int32_t output_offset, const Activation& act) {
  v = vaddq_n_s32(v, output_offset);
  return vminq_s32(vmaxq_s32(v, vdupq_n_s32(act.min)), vdupq_n_s32(act.max));
}

// y[c] = clamp(requantize(sums[c] + bias[c]) + output_offset) for the
// channels of one pixel (bias may be null): the requantization that follows
// a kernel's accumulation into int32 sums (requantize_sums.cpp, out of line
// so that it gets every vector register). left_shifts: whether any shift is
// positive (any_left_shift, once per layer); without, the left shift is
// skipped. sums is readable in whole vectors (rounded up to 4 channels).
bool any_left_shift(const int32_t* shifts, int32_t channels);
void requantize_channel_sums(const int32_t* sums, const int32_t* bias, const PerChannelQuant& quant,
                             int32_t channels, int32_t output_offset, const Activation& act,
                             bool left_shifts, int8_t* y);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
