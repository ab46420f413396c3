// requantize() against the independent floor-division formulation over a
// sweep of values, multipliers and every shift in [-31, 31].
#include <gtest/gtest.h>

#include "kernels/cortex_m/requantize.h"
#include "tests/kernels/cortex_m/reference.h"

namespace wick {
namespace cortex_m {
namespace {

TEST(Requantize, AgreesWithFloorDivisionReference) {
  test::Lcg rng(12345);
  const int32_t edge_values[] = {0, 1, -1, 127, -128, 65025, -65025, INT32_MAX, INT32_MIN};
  const int32_t edge_multipliers[] = {1 << 30, INT32_MAX, 1073741825, 1500406475, 2077939072};
  for (int32_t shift = kMinShift; shift <= kMaxShift; ++shift) {
    for (int32_t m : edge_multipliers) {
      for (int32_t v : edge_values) {
        ASSERT_EQ(requantize(v, m, shift), test::ref_requantize(v, m, shift))
            << v << " " << m << " " << shift;
      }
    }
    for (int i = 0; i < 2000; ++i) {
      const int32_t v = rng.range(-(1 << 20), 1 << 20);
      const int32_t m = static_cast<int32_t>(rng.next() | 0x40000000u) & 0x7fffffff;
      ASSERT_EQ(requantize(v, m, shift), test::ref_requantize(v, m, shift))
          << v << " " << m << " " << shift;
    }
  }
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
