#include <gtest/gtest.h>

#include <cmath>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

// Runs a (self, out, out) op on float inputs and returns out's values.
std::vector<double> unary(OpFunction fn, const std::vector<float>& in,
                          ScalarType out_dtype = ScalarType::Float) {
  TestTensor a(ScalarType::Float, {static_cast<int32_t>(in.size())});
  a.setf(in);
  TestTensor out(out_dtype, {static_cast<int32_t>(in.size())});
  ArgList args;
  args.tensor(a).tensor(out).same_as(1);
  EXPECT_EQ(run_kernel(fn, args), Error::Ok);
  return out.values();
}

TEST(Unary, TanhSigmoidExp) {
  const std::vector<double> t = unary(&portable::tanh_out, {0.0f, 1.0f, -INFINITY});
  EXPECT_EQ(t[0], 0.0);
  EXPECT_NEAR(t[1], std::tanh(1.0), 1e-7);
  EXPECT_EQ(t[2], -1.0);
  const std::vector<double> s = unary(&portable::sigmoid_out, {0.0f, 100.0f, -100.0f});
  EXPECT_EQ(s[0], 0.5);
  EXPECT_EQ(s[1], 1.0);
  EXPECT_NEAR(s[2], 0.0, 1e-40);
  const std::vector<double> e = unary(&portable::exp_out, {0.0f, 1.0f});
  EXPECT_EQ(e[0], 1.0);
  EXPECT_NEAR(e[1], std::exp(1.0), 1e-6);
}

TEST(Unary, IntegerInputPromotesToFloat) {
  TestTensor a(ScalarType::Long, {2});
  a.seti({0, 4});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::sqrt_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0.0, 2.0}));
  TestTensor int_out(ScalarType::Long, {2});
  ArgList bad;
  bad.tensor(a).tensor(int_out).same_as(1);
  EXPECT_EQ(run_kernel(&portable::sqrt_out, bad), Error::InvalidArgument);
}

TEST(Unary, ReluKeepsNaNAndDtype) {
  const std::vector<double> r = unary(&portable::relu_out, {-1.0f, 0.0f, 2.0f, NAN});
  EXPECT_EQ(r[0], 0.0);
  EXPECT_EQ(r[2], 2.0);
  EXPECT_TRUE(std::isnan(r[3]));
  TestTensor a(ScalarType::Int, {2});
  a.seti({-3, 3});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::relu_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{0, 3}));
}

TEST(Unary, NegRejectsBool) {
  TestTensor a(ScalarType::Bool, {2});
  TestTensor out(ScalarType::Bool, {2});
  ArgList args;
  args.tensor(a).tensor(out).same_as(1);
  EXPECT_EQ(run_kernel(&portable::neg_out, args), Error::InvalidArgument);
}

TEST(Unary, RoundHalfToEven) {
  EXPECT_EQ(unary(&portable::round_out, {0.5f, 1.5f, 2.5f, -0.5f}),
            (std::vector<double>{0.0, 2.0, 2.0, -0.0}));
}

TEST(Unary, HardswishAndHardsigmoid) {
  EXPECT_EQ(unary(&portable::hardsigmoid_out, {-4.0f, 0.0f, 4.0f}),
            (std::vector<double>{0.0, 0.5, 1.0}));
  const std::vector<double> hs = unary(&portable::hardswish_out, {-4.0f, 1.0f, 4.0f, NAN});
  EXPECT_EQ(hs[0], 0.0);
  EXPECT_NEAR(hs[1], 4.0 / 6.0, 1e-7);
  EXPECT_EQ(hs[2], 4.0);
  EXPECT_TRUE(std::isnan(hs[3]));
}

TEST(Unary, ChannelsLastInputToContiguousOutput) {
  std::vector<float> logical(8);
  for (int i = 0; i < 8; ++i) logical[i] = static_cast<float>(i) - 4.0f;
  TestTensor a(ScalarType::Float, {1, 2, 2, 2}, {0, 2, 3, 1});
  a.setf(logical);
  TestTensor out(ScalarType::Float, {1, 2, 2, 2});
  ArgList args;
  args.tensor(a).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::abs_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{4, 3, 2, 1, 0, 1, 2, 3}));
}

}  // namespace
}  // namespace wick
