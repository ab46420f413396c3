// Softmax: fixed-point CMSIS-NN arithmetic against float softmax (output
// scale 1/256, zero point -128) and its structural properties.
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/cortex_m/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"
#include "tests/kernels/cortex_m/reference.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

// TFLite's choice of multiplier/shift for beta * input_scale, 5 integer bits.
void softmax_params(double input_scale, int32_t* multiplier, int32_t* shift, int32_t* diff_min) {
  const double real = std::min(input_scale * (1 << 26), (double)((1ll << 31) - 1));
  int exponent = 0;
  const double mantissa = std::frexp(real, &exponent);
  int64_t q = static_cast<int64_t>(std::round(mantissa * (1ll << 31)));
  if (q == (1ll << 31)) {
    q /= 2;
    ++exponent;
  }
  *multiplier = static_cast<int32_t>(q);
  *shift = exponent;
  const double max_input_rescaled = 31.0 * (1ll << 26) / (1ll << 31) * (1ll << (31 - exponent));
  *diff_min = -static_cast<int32_t>(std::floor(max_input_rescaled));
}

std::vector<int8_t> run_softmax(const std::vector<int8_t>& row, int rows, double scale) {
  const int n = static_cast<int>(row.size()) / rows;
  OwnedTensor in(ScalarType::Char, {rows, n});
  OwnedTensor out(ScalarType::Char, {rows, n});
  in.set_vector(row);
  int32_t multiplier = 0;
  int32_t shift = 0;
  int32_t diff_min = 0;
  softmax_params(scale, &multiplier, &shift, &diff_min);
  Args args;
  args.tensor(in).integer(-1).integer(0).integer(-128).integer(multiplier).integer(shift);
  args.integer(diff_min).out(out);
  EXPECT_EQ(run_kernel(&softmax_out, args), Error::Ok);
  return out.values<int8_t>();
}

TEST(Softmax, UniformRowGivesEqualProbabilities) {
  const auto out = run_softmax(std::vector<int8_t>(4, 17), 1, 0.1);
  // 1/4 * 256 - 128 = -64.
  EXPECT_EQ(out, (std::vector<int8_t>{-64, -64, -64, -64}));
}

TEST(Softmax, SingleElementRowSaturatesAt127) {
  const auto out = run_softmax({-5}, 1, 0.05);
  EXPECT_EQ(out, (std::vector<int8_t>{127}));  // probability 1 -> 256 - 128 clamps
}

TEST(Softmax, AgreesWithFloatSoftmaxWithinOneStep) {
  test::Lcg rng(99);
  const int rows = 8;
  const int n = 10;
  std::vector<int8_t> data(rows * n);
  for (auto& v : data) v = static_cast<int8_t>(rng.range(-128, 127));
  for (double scale : {0.02, 0.0625, 0.15}) {
    const auto out = run_softmax(data, rows, scale);
    for (int r = 0; r < rows; ++r) {
      double max = -1e9;
      for (int i = 0; i < n; ++i) max = std::max<double>(max, data[r * n + i]);
      double sum = 0.0;
      for (int i = 0; i < n; ++i) sum += std::exp((data[r * n + i] - max) * scale);
      for (int i = 0; i < n; ++i) {
        const double p = std::exp((data[r * n + i] - max) * scale) / sum;
        const double expected = std::min(127.0, std::round(p * 256.0) - 128.0);
        EXPECT_NEAR(out[r * n + i], expected, 1.0) << scale << " " << r << " " << i;
      }
    }
  }
}

TEST(Softmax, RejectsNonLastDimAndWrongOutputZeroPoint) {
  OwnedTensor in(ScalarType::Char, {2, 3});
  OwnedTensor out(ScalarType::Char, {2, 3});
  Args dim0;
  dim0.tensor(in).integer(0).integer(0).integer(-128).integer(1 << 30).integer(1).integer(-64);
  dim0.out(out);
  EXPECT_EQ(run_kernel(&softmax_out, dim0), Error::InvalidArgument);
  Args zp;
  zp.tensor(in).integer(1).integer(0).integer(0).integer(1 << 30).integer(1).integer(-64);
  zp.out(out);
  EXPECT_EQ(run_kernel(&softmax_out, zp), Error::InvalidArgument);
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
