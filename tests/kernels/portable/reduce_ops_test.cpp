#include <gtest/gtest.h>

#include <cmath>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

TEST(Sum, OverDimsKeepdimAndAll) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 2, 3, 4, 5, 6});
  TestTensor rows(ScalarType::Float, {2, 1});
  ArgList a;
  a.tensor(x).int_list({-1}).boolean(true).none().tensor(rows).same_as(4);
  ASSERT_EQ(run_kernel(&portable::sum_intlist_out, a), Error::Ok);
  EXPECT_EQ(rows.values(), (std::vector<double>{6, 15}));
  TestTensor all(ScalarType::Float, {});
  ArgList b;
  b.tensor(x).none().boolean(false).none().tensor(all).same_as(4);
  ASSERT_EQ(run_kernel(&portable::sum_intlist_out, b), Error::Ok);
  EXPECT_EQ(all.values(), (std::vector<double>{21}));
}

TEST(Sum, IntegersAccumulateInInt64AndEmptyGivesZero) {
  TestTensor x(ScalarType::Int, {2, 2});
  x.seti({INT32_MAX, 1, 2, 3});
  TestTensor out(ScalarType::Long, {2});
  ArgList a;
  a.tensor(x).int_list({1}).boolean(false).none().tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::sum_intlist_out, a), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{int64_t{INT32_MAX} + 1, 5}));
  TestTensor empty(ScalarType::Float, {0, 2});
  TestTensor zero(ScalarType::Float, {2});
  ArgList b;
  b.tensor(empty).int_list({0}).boolean(false).none().tensor(zero).same_as(4);
  ASSERT_EQ(run_kernel(&portable::sum_intlist_out, b), Error::Ok);
  EXPECT_EQ(zero.values(), (std::vector<double>{0, 0}));
}

TEST(Sum, RepeatedDimFails) {
  TestTensor x(ScalarType::Float, {2, 3});
  TestTensor out(ScalarType::Float, {});
  ArgList a;
  a.tensor(x).int_list({1, -1}).boolean(false).none().tensor(out).same_as(4);
  EXPECT_EQ(run_kernel(&portable::sum_intlist_out, a), Error::InvalidArgument);
}

TEST(Mean, ChannelsLastSpatialMean) {
  TestTensor x(ScalarType::Float, {1, 2, 2, 2}, {0, 2, 3, 1});
  x.setf({1, 2, 3, 4, 10, 20, 30, 40});
  TestTensor out(ScalarType::Float, {1, 2, 1, 1});
  ArgList a;
  a.tensor(x).int_list({2, 3}).boolean(true).none().tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::mean_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{2.5, 25}));
}

TEST(Mean, IntegerInputWithoutDtypeFails) {
  TestTensor x(ScalarType::Long, {2});
  TestTensor out(ScalarType::Float, {});
  ArgList a;
  a.tensor(x).none().boolean(false).none().tensor(out).same_as(4);
  EXPECT_EQ(run_kernel(&portable::mean_out, a), Error::InvalidArgument);
  ArgList b;
  b.tensor(x).none().boolean(false).integer(6).tensor(out).same_as(4);
  EXPECT_EQ(run_kernel(&portable::mean_out, b), Error::Ok);
}

TEST(Amax, NaNPropagatesAndEmptyFails) {
  TestTensor x(ScalarType::Float, {2, 2});
  x.setf({1, NAN, -3, -2});
  TestTensor out(ScalarType::Float, {2});
  ArgList a;
  a.tensor(x).int_list({1}).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::amax_out, a), Error::Ok);
  EXPECT_TRUE(std::isnan(out.values()[0]));
  EXPECT_EQ(out.values()[1], -2.0);
  ArgList b;
  b.tensor(x).int_list({1}).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::amin_out, b), Error::Ok);
  EXPECT_EQ(out.values()[1], -3.0);
  TestTensor empty(ScalarType::Float, {2, 0});
  ArgList c;
  c.tensor(empty).int_list({1}).boolean(false).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::amax_out, c), Error::InvalidArgument);
}

TEST(Argmax, FirstOccurrenceAndFlatten) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 5, 5, 7, 0, 7});
  TestTensor out(ScalarType::Long, {2});
  ArgList a;
  a.tensor(x).integer(1).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::argmax_out, a), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 0}));
  TestTensor flat(ScalarType::Long, {});
  ArgList b;
  b.tensor(x).none().boolean(false).tensor(flat).same_as(3);
  ASSERT_EQ(run_kernel(&portable::argmin_out, b), Error::Ok);
  EXPECT_EQ(flat.ints(), (std::vector<int64_t>{4}));
}

TEST(Argmax, LogicalIndexForTransposedInput) {
  // Column-major [2, 3] (dim_order [1, 0]): argmax along dim 1 must report
  // logical column indices.
  TestTensor x(ScalarType::Float, {2, 3}, {1, 0});
  x.setf({0, 9, 1, 8, 2, 3});
  TestTensor out(ScalarType::Long, {2});
  ArgList a;
  a.tensor(x).integer(1).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::argmax_out, a), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 0}));
}

TEST(Softmax, RowsSumToOneAndLogSoftmax) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 2, 3, 1000, 1000, 1000});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList a;
  a.tensor(x).integer(-1).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::softmax_out, a), Error::Ok);
  const auto v = out.values();
  const double e1 = std::exp(-2.0), e2 = std::exp(-1.0), s = e1 + e2 + 1.0;
  EXPECT_NEAR(v[0], e1 / s, 1e-7);
  EXPECT_NEAR(v[2], 1.0 / s, 1e-7);
  EXPECT_NEAR(v[3], 1.0 / 3.0, 1e-7);
  ArgList b;
  b.tensor(x).integer(1).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::log_softmax_out, b), Error::Ok);
  EXPECT_NEAR(out.values()[2], -std::log(s), 1e-6);
  EXPECT_NEAR(out.values()[4], -std::log(3.0), 1e-6);
}

TEST(Softmax, AlongChannelsOfChannelsLastTensor) {
  TestTensor x(ScalarType::Float, {1, 2, 1, 2}, {0, 2, 3, 1});
  x.setf({0, 0, 0, std::log(3.0f)});
  TestTensor out(ScalarType::Float, {1, 2, 1, 2});
  ArgList a;
  a.tensor(x).integer(1).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::softmax_out, a), Error::Ok);
  const auto v = out.values();
  EXPECT_NEAR(v[0], 0.5, 1e-7);
  EXPECT_NEAR(v[1], 0.25, 1e-7);
  EXPECT_NEAR(v[3], 0.75, 1e-7);
}

TEST(Softmax, IntegerInputFails) {
  TestTensor x(ScalarType::Int, {3});
  TestTensor out(ScalarType::Int, {3});
  ArgList a;
  a.tensor(x).integer(0).boolean(false).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::softmax_out, a), Error::InvalidArgument);
}

}  // namespace
}  // namespace wick
