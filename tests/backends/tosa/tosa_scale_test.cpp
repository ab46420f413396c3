// The specification's scaling functions, on the rounding and range edges
// (tosa.md section 4.1).
#include <gtest/gtest.h>

#include "backends/tosa/ops/scale.h"

namespace wick {
namespace tosa {
namespace {

TEST(TosaScale, SingleRoundTiesGoTowardPlusInfinity) {
  // value * 2^30 / 2^31 = value / 2: halves round up, also for negatives.
  EXPECT_EQ(apply_scale_32(1, 1 << 30, 31, false), 1);    // 0.5 -> 1
  EXPECT_EQ(apply_scale_32(-1, 1 << 30, 31, false), 0);   // -0.5 -> 0
  EXPECT_EQ(apply_scale_32(-3, 1 << 30, 31, false), -1);  // -1.5 -> -1
  EXPECT_EQ(apply_scale_32(3, 1 << 30, 31, false), 2);    // 1.5 -> 2
}

TEST(TosaScale, DoubleRoundAddsBySignOfValueOnlyAboveShift31) {
  // shift 32: round = 2^31 +- 2^30.
  const int32_t m = 1 << 30;                       // scale 2^30 / 2^32 = 1/4
  EXPECT_EQ(apply_scale_32(2, m, 32, false), 1);   // 0.5 -> 1
  EXPECT_EQ(apply_scale_32(2, m, 32, true), 1);    // (2^31 + 2^31 + 2^30) >> 32 = 1
  EXPECT_EQ(apply_scale_32(-2, m, 32, false), 0);  // -0.5 -> 0 (half up)
  EXPECT_EQ(apply_scale_32(-2, m, 32, true), -1);  // (-2^31 + 2^31 - 2^30) >> 32 = -1
  // shift <= 31: double rounding changes nothing.
  EXPECT_EQ(apply_scale_32(-1, 1 << 30, 31, true), apply_scale_32(-1, 1 << 30, 31, false));
}

TEST(TosaScale, ExtremeValuesStayExact) {
  EXPECT_EQ(apply_scale_32(INT32_MAX, INT32_MAX, 62, false), 1);  // ~2^62 / 2^62
  EXPECT_EQ(apply_scale_32(INT32_MIN, 1 << 30, 30, false), INT32_MIN);
  EXPECT_EQ(apply_scale_16(int64_t{1} << 40, 1 << 14, 14), int64_t{1} << 40);
}

TEST(TosaScale, ReciprocalScaleMatchesTheSpecFormula) {
  int32_t m = 0, s = 0;
  reciprocal_scale(1, &m, &s);
  EXPECT_EQ(m, (1 << 30) + 1);
  EXPECT_EQ(s, 30);
  reciprocal_scale(9, &m, &s);  // k = 4
  EXPECT_EQ(s, 34);
  EXPECT_EQ(m, static_cast<int32_t>((((int64_t{1} << 30) + 1) << 4) / 9));
  // Averages of 9 values: 13 * 9 / 9 = 13 exactly, 4/9 rounds to 0, 5/9 to 1.
  EXPECT_EQ(apply_scale_32(13 * 9, m, s, false), 13);
  EXPECT_EQ(apply_scale_32(4, m, s, false), 0);
  EXPECT_EQ(apply_scale_32(5, m, s, false), 1);
  EXPECT_EQ(apply_scale_32(-5, m, s, false), -1);
  EXPECT_EQ(apply_scale_32(-4, m, s, false), 0);
}

TEST(TosaScale, CountLeadingZeros) {
  EXPECT_EQ(count_leading_zeros32(0), 32);
  EXPECT_EQ(count_leading_zeros32(1), 31);
  EXPECT_EQ(count_leading_zeros32(0x80000000u), 0);
}

}  // namespace
}  // namespace tosa
}  // namespace wick
