// Average and max pooling through their bindings.
#include <gtest/gtest.h>

#include "kernels/cortex_m/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

const std::vector<uint8_t> kNhwc = {0, 2, 3, 1};

TEST(QuantizedAvgPool2d, RoundsHalfAwayFromZero) {
  // One channel, 2x2 input, 2x2 window: sums 10 -> 2.5 -> 3; -10 -> -3; 6 / 4 = 1.5 -> 2.
  OwnedTensor in(ScalarType::Char, {1, 3, 2, 2}, kNhwc);
  OwnedTensor scratch(ScalarType::Byte, {256});
  OwnedTensor out(ScalarType::Char, {1, 3, 1, 1}, kNhwc);
  // NHWC bytes: (h, w) major, 3 channels each.
  in.set<int8_t>({1, -1, 0, 2, -2, 1, 3, -3, 2, 4, -4, 3});
  Args args;
  args.tensor(in).int_list({2, 2}).int_list({2, 2}).int_list({0, 0}).boolean(false);
  args.integer(-128).integer(2077939072).integer(-4).tensor(scratch).out(out);
  ASSERT_EQ(run_kernel(&quantized_avg_pool2d_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{3, -3, 2}));
}

TEST(QuantizedAvgPool2d, PaddingIsExcludedFromTheCount) {
  // 1 channel, 2x2 input (1, 2, 3, 4), 2x2 window, stride 1, padding 1 -> 3x3 output.
  OwnedTensor in(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  OwnedTensor out(ScalarType::Char, {1, 1, 3, 3}, kNhwc);
  in.set<int8_t>({1, 2, 3, 4});
  Args args;  // the older 9-argument form: no ceil_mode, no scratch
  args.tensor(in).int_list({2, 2}).int_list({1, 1}).int_list({1, 1});
  args.integer(0).integer(1 << 30).integer(1).out(out);
  ASSERT_EQ(run_kernel(&quantized_avg_pool2d_out, args), Error::Ok);
  // Corners see one element; edges two: (1+2)/2 = 1.5 -> 2, (1+3)/2 = 2,
  // (2+4)/2 = 3, (3+4)/2 = 3.5 -> 4; centre (10)/4 = 2.5 -> 3.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, 2, 2, 2, 3, 3, 3, 4, 4}));
}

TEST(QuantizedAvgPool2d, CeilModeAddsAPartialWindow) {
  // Width 3, window 2, stride 2: floor gives 1 column, ceil 2 (last one clipped).
  OwnedTensor in(ScalarType::Char, {1, 1, 1, 3}, kNhwc);
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 1, 2}, kNhwc);
  in.set<int8_t>({-5, -6, -7});
  Args args;
  args.tensor(in).int_list({1, 2}).int_list({1, 2}).int_list({0, 0}).boolean(true);
  args.integer(0).integer(1 << 30).integer(1).tensor(scratch).out(out);
  ASSERT_EQ(run_kernel(&quantized_avg_pool2d_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{-6, -7}));  // -5.5 -> -6
}

TEST(QuantizedAvgPool2d, RejectsPaddingLargerThanHalfTheKernel) {
  OwnedTensor in(ScalarType::Char, {1, 1, 4, 4}, kNhwc);
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 4, 4}, kNhwc);
  Args args;
  args.tensor(in).int_list({2, 2}).int_list({1, 1}).int_list({2, 2}).boolean(false);
  args.integer(0).integer(1 << 30).integer(1).tensor(scratch).out(out);
  EXPECT_EQ(run_kernel(&quantized_avg_pool2d_out, args), Error::InvalidArgument);
}

TEST(QuantizedMaxPool2d, MaxThenActivationClamp) {
  OwnedTensor in(ScalarType::Char, {1, 2, 2, 2}, kNhwc);
  OwnedTensor out(ScalarType::Char, {1, 2, 1, 1}, kNhwc);
  in.set<int8_t>({-128, 100, -100, 90, -120, 80, -110, 127});
  Args args;
  args.tensor(in).int_list({2, 2}).int_list({2, 2}).int_list({0, 0}).int_list({1, 1});
  args.boolean(false).integer(-3).integer(-3).integer(-105).integer(120).out(out);
  ASSERT_EQ(run_kernel(&quantized_max_pool2d_out, args), Error::Ok);
  // c0 max = -100; c1 max = 127 -> 120.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{-100, 120}));
}

TEST(QuantizedMaxPool2d, DilatedWindowWithPadding) {
  // 1 channel 3x3 input 1..9, 2x2 window dilated by 2, padding 1, stride 1 -> 3x3 output.
  OwnedTensor in(ScalarType::Char, {1, 1, 3, 3}, kNhwc);
  OwnedTensor out(ScalarType::Char, {1, 1, 3, 3}, kNhwc);
  in.set<int8_t>({1, 2, 3, 4, 5, 6, 7, 8, 9});
  Args args;
  args.tensor(in).int_list({2, 2}).int_list({1, 1}).int_list({1, 1}).int_list({2, 2});
  args.boolean(false).integer(0).integer(0).integer(-128).integer(127).out(out);
  ASSERT_EQ(run_kernel(&quantized_max_pool2d_out, args), Error::Ok);
  // Output (y, x) reads rows {y-1, y+1} and columns {x-1, x+1} inside 0..2.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{5, 6, 5, 8, 9, 8, 5, 6, 5}));
}

TEST(QuantizedMaxPool2d, RejectsDifferentZeroPoints) {
  OwnedTensor in(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  OwnedTensor out(ScalarType::Char, {1, 1, 1, 1}, kNhwc);
  Args args;
  args.tensor(in).int_list({2, 2}).int_list({2, 2}).int_list({0, 0}).int_list({1, 1});
  args.boolean(false).integer(0).integer(1).integer(-128).integer(127).out(out);
  EXPECT_EQ(run_kernel(&quantized_max_pool2d_out, args), Error::InvalidArgument);
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
