#include "kernels/cortex_m/softmax_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {
namespace {

// Bits of the fixed-point accumulator of exp() values (Q12.19).
constexpr int32_t kAccumulatorBits = 12;

int32_t count_leading_zeros(uint32_t v) {
  int32_t n = 0;
  for (uint32_t bit = uint32_t{1} << 31; bit != 0 && (v & bit) == 0; bit >>= 1) ++n;
  return n;
}

// exp(diff * input scale) in Q0.31, diff <= 0.
int32_t exp_of_diff(const SoftmaxParams& p, int32_t diff) {
  const int32_t scaled =
      doubling_high_mult_sat(shift_left_wrap(diff, p.input_shift), p.input_multiplier);
  return exp_on_negative_values(scaled);
}

}  // namespace

void softmax_s8(const SoftmaxParams& p, const int8_t* in, int32_t rows, int32_t row_size,
                int8_t* out) {
  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* x = in + static_cast<int64_t>(row) * row_size;
    int8_t* y = out + static_cast<int64_t>(row) * row_size;
    int32_t max = x[0];
    for (int32_t i = 1; i < row_size; ++i) max = x[i] > max ? x[i] : max;

    int32_t sum = 0;
    for (int32_t i = 0; i < row_size; ++i) {
      const int32_t diff = x[i] - max;
      if (diff >= p.diff_min) {
        sum = add_wrap(sum, rounding_divide_by_pow2(exp_of_diff(p, diff), kAccumulatorBits));
      }
    }
    // The max element contributes 2^19, so sum > 0 and headroom >= 1.
    const int32_t headroom = count_leading_zeros(static_cast<uint32_t>(sum));
    const int32_t normalized =
        static_cast<int32_t>((static_cast<uint32_t>(sum) << headroom) - (uint32_t{1} << 31));
    const int32_t reciprocal = one_over_one_plus_x(normalized);
    const int32_t bits_over_unit = kAccumulatorBits - headroom + 23;

    for (int32_t i = 0; i < row_size; ++i) {
      const int32_t diff = x[i] - max;
      if (diff < p.diff_min) {
        y[i] = static_cast<int8_t>(kInt8Min);
        continue;
      }
      // Rows longer than 511 can push the shift past 31; the non-negative
      // product is then below half a unit and rounds to 0.
      const int32_t probability =
          bits_over_unit > 31
              ? 0
              : rounding_divide_by_pow2(doubling_high_mult_sat(reciprocal, exp_of_diff(p, diff)),
                                        bits_over_unit);
      y[i] = static_cast<int8_t>(clamp_int32(probability + kInt8Min, kInt8Min, kInt8Max));
    }
  }
}

}  // namespace cortex_m
}  // namespace wick
