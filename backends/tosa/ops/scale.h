// The specification's integer scaling functions (tosa.md section 4.1).
#pragma once

#include <stdint.h>

namespace wick {
namespace tosa {

// Single rounding adds 2^(shift-1) and shifts arithmetically (ties toward
// +inf); double rounding also adds +-2^30, by the sign of `value`, when
// shift > 31. Callers guarantee 2 <= shift <= 62 and multiplier >= 0; the
// product fits int64 because value is at most 33 bits wide here.
inline int32_t apply_scale_32(int64_t value, int32_t multiplier, int32_t shift, bool double_round) {
  int64_t round = int64_t{1} << (shift - 1);
  if (double_round && shift > 31) round += value >= 0 ? (int64_t{1} << 30) : -(int64_t{1} << 30);
  const int64_t r = (value * multiplier + round) >> shift;
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(r)));
}

// 16-bit multipliers (scale32 == false); value may be 48 bits wide.
inline int64_t apply_scale_16(int64_t value, int32_t multiplier, int32_t shift) {
  return (value * multiplier + (int64_t{1} << (shift - 1))) >> shift;
}

inline int count_leading_zeros32(uint32_t a) {
  if (a == 0) return 32;
  int n = 0;
  while ((a & 0x80000000u) == 0) {
    a <<= 1;
    ++n;
  }
  return n;
}

// AVG_POOL2D's divisor as multiplier/shift; count > 0.
inline void reciprocal_scale(uint32_t count, int32_t* multiplier, int32_t* shift) {
  const int k = 32 - count_leading_zeros32(count - 1);
  const int64_t m = ((int64_t{1} << 30) + 1) << k;
  *multiplier = static_cast<int32_t>(m / count);
  *shift = 30 + k;
}

template <typename T>
T clip(int64_t v, int64_t lo, int64_t hi) {
  return static_cast<T>(v < lo ? lo : (v > hi ? hi : v));
}

}  // namespace tosa
}  // namespace wick
