// Hand-derived vectors for the CMSIS-NN integer helpers.
#include "kernels/cortex_m/requantize.h"

#include <gtest/gtest.h>

#include <cmath>

namespace wick {
namespace cortex_m {
namespace {

TEST(DoublingHighMultNoSat, RoundsHalfTowardPlusInfinity) {
  // a * b / 2^31 = 0.5 -> 1; -0.5 -> 0; -1.5 -> -1; 2^29 exactly stays.
  EXPECT_EQ(doubling_high_mult_no_sat(1 << 15, 1 << 15), 1);
  EXPECT_EQ(doubling_high_mult_no_sat(-(1 << 15), 1 << 15), 0);
  EXPECT_EQ(doubling_high_mult_no_sat(-3 * (1 << 15), 1 << 15), -1);
  EXPECT_EQ(doubling_high_mult_no_sat(1 << 30, 1 << 30), 1 << 29);
  EXPECT_EQ(doubling_high_mult_no_sat(100, 1 << 30), 50);
  EXPECT_EQ(doubling_high_mult_no_sat(101, 1 << 30), 51);  // 50.5 -> 51
}

TEST(DoublingHighMultNoSat, DoesNotSaturate) {
  // 2^62 / 2^31 = 2^31 wraps to INT32_MIN, as the Cortex-M code does.
  EXPECT_EQ(doubling_high_mult_no_sat(INT32_MIN, INT32_MIN), INT32_MIN);
  EXPECT_EQ(doubling_high_mult_no_sat(INT32_MAX, INT32_MAX), INT32_MAX - 1);
}

TEST(DoublingHighMultSat, SaturatesAndRoundsAsGemmlowp) {
  EXPECT_EQ(doubling_high_mult_sat(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(doubling_high_mult_sat(1 << 15, 1 << 15), 1);          // 0.5 -> 1
  EXPECT_EQ(doubling_high_mult_sat(-(1 << 15), 1 << 15), 0);       // -0.5 -> 0 (truncating divide)
  EXPECT_EQ(doubling_high_mult_sat(-3 * (1 << 15), 1 << 15), -1);  // -1.5 -> -1
  EXPECT_EQ(doubling_high_mult_sat(-5 * (1 << 15), 1 << 15), -2);  // -2.5 -> -2
  EXPECT_EQ(doubling_high_mult_sat(INT32_MIN, INT32_MAX), -INT32_MAX);
}

TEST(RoundingDivideByPow2, RoundsHalfAwayFromZero) {
  EXPECT_EQ(rounding_divide_by_pow2(5, 1), 3);    // 2.5
  EXPECT_EQ(rounding_divide_by_pow2(-5, 1), -3);  // -2.5
  EXPECT_EQ(rounding_divide_by_pow2(3, 1), 2);
  EXPECT_EQ(rounding_divide_by_pow2(-3, 1), -2);
  EXPECT_EQ(rounding_divide_by_pow2(1, 1), 1);
  EXPECT_EQ(rounding_divide_by_pow2(-1, 1), -1);
  EXPECT_EQ(rounding_divide_by_pow2(7, 2), 2);    // 1.75
  EXPECT_EQ(rounding_divide_by_pow2(5, 2), 1);    // 1.25
  EXPECT_EQ(rounding_divide_by_pow2(-5, 2), -1);  // -1.25
  EXPECT_EQ(rounding_divide_by_pow2(-6, 2), -2);  // -1.5
  EXPECT_EQ(rounding_divide_by_pow2(-9, 2), -2);  // -2.25
  EXPECT_EQ(rounding_divide_by_pow2(12345, 0), 12345);
}

TEST(RoundingDivideByPow2, ExtremeExponent) {
  EXPECT_EQ(rounding_divide_by_pow2(INT32_MAX, 31), 1);  // 0.99999...
  EXPECT_EQ(rounding_divide_by_pow2(INT32_MIN, 31), -1);
  EXPECT_EQ(rounding_divide_by_pow2(1 << 30, 31), 1);      // 0.5
  EXPECT_EQ(rounding_divide_by_pow2(-(1 << 30), 31), -1);  // -0.5
  EXPECT_EQ(rounding_divide_by_pow2((1 << 30) - 1, 31), 0);
}

TEST(Requantize, NegativeShiftRoundsTwice) {
  // 101 * 0.25 = 25.25; the high multiply gives 50.5 -> 51, then 25.5 -> 26.
  EXPECT_EQ(requantize(101, 1 << 30, -1), 26);
  EXPECT_EQ(requantize(100, 1 << 30, -1), 25);
  EXPECT_EQ(requantize(-101, 1 << 30, -1), -25);  // -50.5 -> -50, -25
  EXPECT_EQ(requantize(-103, 1 << 30, -1), -26);  // -51.5 -> -51, -25.5 -> -26
}

TEST(Requantize, PositiveShiftIsAppliedBeforeTheMultiply) {
  EXPECT_EQ(requantize(3, 1 << 30, 1), 3);     // (3 << 1) * 0.5
  EXPECT_EQ(requantize(-7, 1 << 30, 2), -14);  // (-7 << 2) * 0.5
  // The left shift wraps in 32 bits: (2^30 << 2) = 0.
  EXPECT_EQ(requantize(1 << 30, 1 << 30, 2), 0);
}

TEST(Requantize, ExtremeMultipliersAndShifts) {
  EXPECT_EQ(requantize(1000, INT32_MAX, 0), 1000);  // 0.9999999995 * 1000 rounds back
  EXPECT_EQ(requantize(INT32_MAX, INT32_MAX, -31), 1);
  EXPECT_EQ(requantize(INT32_MIN, INT32_MAX, -31), -1);
  // (1 << 31) wraps to INT32_MIN: -2^31 * (2^31 - 1) / 2^31 = -(2^31 - 1).
  EXPECT_EQ(requantize(1, INT32_MAX, 31), -INT32_MAX);
}

TEST(SaturatingMultByPow2, Saturates) {
  EXPECT_EQ(saturating_mult_by_pow2(3, 2), 12);
  EXPECT_EQ(saturating_mult_by_pow2(1 << 29, 2), INT32_MAX);
  EXPECT_EQ(saturating_mult_by_pow2(-(1 << 29), 2), INT32_MIN);
  EXPECT_EQ(saturating_mult_by_pow2((1 << 29) - 1, 2), ((1 << 29) - 1) * 4);
}

TEST(ExpOnNegativeValues, MatchesExpInQ031) {
  EXPECT_EQ(exp_on_negative_values(0), INT32_MAX);
  // Inputs in Q5.26, outputs in Q0.31.
  const double kOne = 1 << 26;
  for (double x : {-0.125, -0.25, -0.5, -1.0, -2.0, -3.75, -8.0, -15.9}) {
    const int32_t in = static_cast<int32_t>(x * kOne);
    const double expected = std::exp(x) * 2147483648.0;
    // The polynomial on [-1/4, 0) is accurate to about 3e-7.
    EXPECT_NEAR(exp_on_negative_values(in), expected, expected * 5e-7 + 64.0) << x;
  }
  // -1/4 is the Taylor polynomial around -1/8 alone (no barrel step):
  // exp(-1/8) * (1 + x + x^2/2 + x^3/6 + x^4/24) * 2^31 at x = -1/8 is
  // 1672462418.8 with CMSIS's rounded constants. -1 takes the
  // same polynomial value times the exp(-1/4) and exp(-1/2) constants.
  EXPECT_EQ(exp_on_negative_values(-(1 << 24)), 1672462419);
  EXPECT_EQ(exp_on_negative_values(-(1 << 26)),
            doubling_high_mult_sat(doubling_high_mult_sat(1672462419, 1672461947), 1302514674));
}

TEST(OneOverOnePlusX, MatchesReciprocalInQ031) {
  for (double x : {0.0, 0.25, 0.5, 0.75, 0.999}) {
    const int32_t in = static_cast<int32_t>(x * 2147483647.0);
    EXPECT_NEAR(one_over_one_plus_x(in), 2147483648.0 / (1.0 + x), 8.0) << x;
  }
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
