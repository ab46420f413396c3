// requantize_channel_sums (requantize_mve.h): four channels per vector,
// whole vectors unpredicated with post-incremented pointers, then one
// predicated tail.
#include <arm_mve.h>

#include "kernels/cortex_m/mve/requantize_mve.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

template <bool kLeftShifts>
inline int32x4_t requantize_clamp(int32x4_t acc, int32x4_t multiplier, int32x4_t shift,
                                  int32_t output_offset, int32x4_t lo, int32x4_t hi) {
  const int32x4_t zero = vdupq_n_s32(0);
  if (kLeftShifts) acc = vshlq_s32(acc, vmaxq_s32(shift, zero));
  acc = vqrdmulhq_s32(acc, multiplier);
  acc = vaddq_n_s32(rounding_divide_by_pow2(acc, vminq_s32(shift, zero)), output_offset);
  return vminq_s32(vmaxq_s32(acc, lo), hi);
}

template <bool kLeftShifts, bool kBias>
void requantize_whole_vectors(const int32_t* sums, const int32_t* bias, const int32_t* multipliers,
                              const int32_t* shifts, int32_t vectors, int32_t output_offset,
                              int32x4_t lo, int32x4_t hi, int8_t* y) {
  for (int32_t i = 0; i < vectors; ++i) {
    int32x4_t acc = vldrwq_s32(sums);
    sums += 4;
    if (kBias) {
      acc = vaddq_s32(acc, vldrwq_s32(bias));
      bias += 4;
    }
    acc = requantize_clamp<kLeftShifts>(acc, vldrwq_s32(multipliers), vldrwq_s32(shifts),
                                        output_offset, lo, hi);
    multipliers += 4;
    shifts += 4;
    vstrbq_s32(y, acc);
    y += 4;
  }
}

}  // namespace

bool any_left_shift(const int32_t* shifts, int32_t channels) {
  for (int32_t c = 0; c < channels; ++c) {
    if (shifts[c] > 0) return true;
  }
  return false;
}

void requantize_channel_sums(const int32_t* sums, const int32_t* bias, const PerChannelQuant& quant,
                             int32_t channels, int32_t output_offset, const Activation& act,
                             bool left_shifts, int8_t* y) {
  const int32x4_t lo = vdupq_n_s32(act.min);
  const int32x4_t hi = vdupq_n_s32(act.max);
  const int32_t vectors = channels >> 2;
  const int32_t* multipliers = quant.multiplier;
  const int32_t* shifts = quant.shift;
  if (left_shifts) {
    if (bias != nullptr) {
      requantize_whole_vectors<true, true>(sums, bias, multipliers, shifts, vectors, output_offset,
                                           lo, hi, y);
    } else {
      requantize_whole_vectors<true, false>(sums, bias, multipliers, shifts, vectors, output_offset,
                                            lo, hi, y);
    }
  } else if (bias != nullptr) {
    requantize_whole_vectors<false, true>(sums, bias, multipliers, shifts, vectors, output_offset,
                                          lo, hi, y);
  } else {
    requantize_whole_vectors<false, false>(sums, bias, multipliers, shifts, vectors, output_offset,
                                           lo, hi, y);
  }
  const int32_t whole = vectors << 2;
  if (whole == channels) return;
  const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(channels - whole));
  int32x4_t acc = vldrwq_s32(sums + whole);
  if (bias != nullptr) acc = vaddq_s32(acc, vldrwq_z_s32(bias + whole, lanes));
  vstrbq_p_s32(y + whole,
               requantize_clamp<true>(acc, vldrwq_z_s32(multipliers + whole, lanes),
                                      vldrwq_z_s32(shifts + whole, lanes), output_offset, lo, hi),
               lanes);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
