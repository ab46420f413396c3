// CMSIS-NN integer arithmetic, written once for every int8 kernel.
//
// These reproduce CMSIS-NN's scalar helpers bit for bit, including their
// two's-complement wrap-around (the Cortex-M ALU wraps; C++ signed overflow
// is undefined, so wrapping steps go through uint32_t). Right shifts of
// negative values are arithmetic, as on every compiler Wick supports.
//
// Shift convention (CMSIS-NN, the opposite of TOSA): a positive shift is a
// left shift applied before the multiply, a negative one a rounding right
// shift after it. Valid shifts are [-31, 31]; bindings reject others.
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {

constexpr int32_t kInt8Min = -128;
constexpr int32_t kInt8Max = 127;
constexpr int32_t kQ31Min = INT32_MIN;
constexpr int32_t kQ31Max = INT32_MAX;
constexpr int32_t kMinShift = -31;
constexpr int32_t kMaxShift = 31;

// Low 32 bits of v as int32 (what an int32 accumulator holds after overflow).
inline int32_t wrap_int32(int64_t v) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

// v << s in 32 bits, wrapping (s in [0, 31]).
inline int32_t shift_left_wrap(int32_t v, int32_t s) {
  return static_cast<int32_t>(static_cast<uint32_t>(v) << s);
}

// a + b and a - b in 32 bits, wrapping.
inline int32_t add_wrap(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t sub_wrap(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

inline int32_t clamp_int32(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

// (a * b + 2^30) >> 31: the doubling high multiply used by requantization.
// Rounds half toward +inf and does not saturate (INT32_MIN * INT32_MIN wraps
// to INT32_MIN), as arm_nn_doubling_high_mult_no_sat.
inline int32_t doubling_high_mult_no_sat(int32_t a, int32_t b) {
  const int64_t product = static_cast<int64_t>(a) * b + (int64_t{1} << 30);
  return wrap_int32(product >> 31);
}

// Saturating rounding doubling high multiply (gemmlowp's, arm_nn_doubling_high_mult):
// the nudge is +2^30 or 1 - 2^30 by the sign of the product, the division
// truncates toward zero, and INT32_MIN * INT32_MIN saturates to INT32_MAX.
inline int32_t doubling_high_mult_sat(int32_t a, int32_t b) {
  if (a == kQ31Min && b == kQ31Min) return kQ31Max;
  const int64_t nudge = ((a < 0) != (b < 0)) ? 1 - (int64_t{1} << 30) : (int64_t{1} << 30);
  const int64_t product = static_cast<int64_t>(a) * b + nudge;
  return static_cast<int32_t>(product / (int64_t{1} << 31));
}

// x / 2^exponent rounded half away from zero (exponent in [0, 31]), as
// arm_nn_divide_by_power_of_two.
inline int32_t rounding_divide_by_pow2(int32_t x, int32_t exponent) {
  const int32_t mask = static_cast<int32_t>((uint32_t{1} << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t result = x >> exponent;
  const int32_t threshold = (mask >> 1) + (result < 0 ? 1 : 0);
  return remainder > threshold ? result + 1 : result;
}

// x * 2^exponent, saturating to the int32 range (exponent in [0, 30]), as
// arm_nn_mult_by_power_of_two.
inline int32_t saturating_mult_by_pow2(int32_t x, int32_t exponent) {
  const int32_t threshold = static_cast<int32_t>((uint32_t{1} << (31 - exponent)) - 1u);
  if (x > threshold) return kQ31Max;
  if (x < -threshold) return kQ31Min;
  return shift_left_wrap(x, exponent);
}

// CMSIS-NN requantization (arm_nn_requantize, double rounding):
// left shift (wrapping), doubling high multiply, rounding right shift.
inline int32_t requantize(int32_t value, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return rounding_divide_by_pow2(
      doubling_high_mult_no_sat(shift_left_wrap(value, left), multiplier), right);
}

// exp(x) for x <= 0 given in Q5.26, result in Q0.31 (arm_nn_exp_on_negative_values,
// gemmlowp's exp_on_negative_values with 5 integer bits).
inline int32_t exp_on_negative_values(int32_t value) {
  constexpr int32_t kQuarterBits = 24;  // 1/4 in Q5.26
  const int32_t value_mod_minus_quarter =
      (value & ((int32_t{1} << kQuarterBits) - 1)) - (int32_t{1} << kQuarterBits);
  const int32_t remainder = sub_wrap(value_mod_minus_quarter, value);
  // Taylor expansion of exp around -1/8 on [-1/4, 0), in Q0.31.
  const int32_t x = add_wrap(shift_left_wrap(value_mod_minus_quarter, 5), int32_t{1} << 28);
  const int32_t x2 = doubling_high_mult_sat(x, x);
  const int32_t x3 = doubling_high_mult_sat(x2, x);
  const int32_t x4_over_4 = rounding_divide_by_pow2(doubling_high_mult_sat(x2, x2), 2);
  const int32_t poly = rounding_divide_by_pow2(
      add_wrap(doubling_high_mult_sat(add_wrap(x4_over_4, x3), 715827883), x2),
      1);  // 715827883 = 1/3
  constexpr int32_t kExpMinusEighth = 1895147668;
  int32_t result =
      add_wrap(kExpMinusEighth, doubling_high_mult_sat(kExpMinusEighth, add_wrap(x, poly)));
  // Multiply by exp(-2^k / 4) for each set bit k of the remainder.
  static constexpr int32_t kExpOfMinusPow2[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                 39332535,   720401,     242};
  for (int32_t k = 0; k < 7; ++k) {
    if ((remainder & (int32_t{1} << (kQuarterBits + k))) != 0) {
      result = doubling_high_mult_sat(result, kExpOfMinusPow2[k]);
    }
  }
  return value == 0 ? kQ31Max : result;
}

// 1 / (1 + x) for x in [0, 1) in Q0.31, result in Q2.29 scaled as CMSIS does
// (arm_nn_one_over_one_plus_x_for_x_in_0_1: three Newton-Raphson steps).
inline int32_t one_over_one_plus_x(int32_t value) {
  const int64_t sum = static_cast<int64_t>(value) + kQ31Max;
  const int32_t half_denominator = static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  // 48/17 and -32/17 seed the Newton-Raphson iteration.
  int32_t x = add_wrap(1515870810, doubling_high_mult_sat(half_denominator, -1010580540));
  constexpr int32_t kOne = int32_t{1} << 29;
  for (int step = 0; step < 3; ++step) {
    const int32_t error = sub_wrap(kOne, doubling_high_mult_sat(half_denominator, x));
    x = add_wrap(x, saturating_mult_by_pow2(doubling_high_mult_sat(x, error), 2));
  }
  return saturating_mult_by_pow2(x, 1);
}

}  // namespace cortex_m
}  // namespace wick
