// Helium softmax_s8: same results as kernels/cortex_m/softmax_s8.cpp.
//
// The row maximum is a Helium reduction, 16 bytes per VMAXV. The exp() of
// each difference x - max (an integer in [-255, 0]) depends only on the
// difference and the call's parameters, so it is computed once per distinct
// difference, with the reference's scalar fixed-point helpers, into a
// 256-entry table on the stack that every row of the call shares; the
// reference evaluates it twice per element.
#include "kernels/cortex_m/softmax_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// Bits of the fixed-point accumulator of exp() values (Q12.19), as the reference.
constexpr int32_t kAccumulatorBits = 12;

// exp(diff * input scale) in Q0.31 for diff in [-255, 0], memoized.
class ExpTable {
 public:
  explicit ExpTable(const SoftmaxParams& p) : p_(p) {}

  int32_t operator()(int32_t diff) {
    const int32_t index = -diff;
    const uint32_t bit = uint32_t{1} << (index & 31);
    if ((known_[index >> 5] & bit) == 0) {
      const int32_t scaled =
          doubling_high_mult_sat(shift_left_wrap(diff, p_.input_shift), p_.input_multiplier);
      values_[index] = exp_on_negative_values(scaled);
      known_[index >> 5] |= bit;
    }
    return values_[index];
  }

 private:
  const SoftmaxParams& p_;
  uint32_t known_[8] = {};
  int32_t values_[256];
};

int8_t row_max(const int8_t* x, int32_t n) {
  int8_t max = INT8_MIN;
  for (int32_t i = 0; i < n; i += 16) {
    const mve_pred16_t lanes = vctp8q(static_cast<uint32_t>(n - i));
    max = vmaxvq_p_s8(max, vldrbq_z_s8(x + i, lanes), lanes);
  }
  return max;
}

}  // namespace

void softmax_s8(const SoftmaxParams& p, const int8_t* in, int32_t rows, int32_t row_size,
                int8_t* out) {
  ExpTable exp_of_diff(p);
  const int32_t diff_min = p.diff_min;
  for (int32_t row = 0; row < rows; ++row) {
    const int8_t* x = in + static_cast<int64_t>(row) * row_size;
    int8_t* y = out + static_cast<int64_t>(row) * row_size;
    const int32_t max = row_max(x, row_size);

    int32_t sum = 0;
    for (int32_t i = 0; i < row_size; ++i) {
      const int32_t diff = x[i] - max;
      if (diff >= diff_min) {
        sum = add_wrap(sum, rounding_divide_by_pow2(exp_of_diff(diff), kAccumulatorBits));
      }
    }
    // The max element contributes 2^19, so sum > 0 and headroom >= 1.
    const int32_t headroom = __builtin_clz(static_cast<uint32_t>(sum));
    const int32_t normalized =
        static_cast<int32_t>((static_cast<uint32_t>(sum) << headroom) - (uint32_t{1} << 31));
    const int32_t reciprocal = one_over_one_plus_x(normalized);
    const int32_t bits_over_unit = kAccumulatorBits - headroom + 23;

    for (int32_t i = 0; i < row_size; ++i) {
      const int32_t diff = x[i] - max;
      if (diff < diff_min) {
        y[i] = static_cast<int8_t>(kInt8Min);
        continue;
      }
      // Rows longer than 511 can push the shift past 31; the product is
      // then below half a unit and rounds to 0.
      const int32_t probability =
          bits_over_unit > 31
              ? 0
              : rounding_divide_by_pow2(doubling_high_mult_sat(reciprocal, exp_of_diff(diff)),
                                        bits_over_unit);
      y[i] = static_cast<int8_t>(clamp_int32(probability + kInt8Min, kInt8Min, kInt8Max));
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
