#include <gtest/gtest.h>

#include <cmath>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

std::vector<float> iota(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

TEST(Permute, SwapsAxes) {
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf(iota(6));
  TestTensor out(ScalarType::Float, {3, 2});
  ArgList args;
  args.tensor(a).int_list({1, -2}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::permute_copy_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0, 3, 1, 4, 2, 5}));
}

TEST(Permute, RepeatedDimFails) {
  TestTensor a(ScalarType::Float, {2, 3});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList args;
  args.tensor(a).int_list({0, 0}).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::permute_copy_out, args), Error::InvalidArgument);
}

TEST(ViewCopy, InfersMinusOne) {
  TestTensor a(ScalarType::Float, {2, 6});
  a.setf(iota(12));
  TestTensor out(ScalarType::Float, {3, 4});
  ArgList args;
  args.tensor(a).int_list({-1, 4}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::view_copy_out, args), Error::Ok);
  EXPECT_EQ(out.values()[11], 11.0);
}

TEST(ViewCopy, ChannelsLastSourceKeepsLogicalOrder) {
  TestTensor a(ScalarType::Float, {1, 2, 1, 2}, {0, 2, 3, 1});
  a.setf(iota(4));
  TestTensor out(ScalarType::Float, {4});
  ArgList args;
  args.tensor(a).int_list({4}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::view_copy_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0, 1, 2, 3}));
}

TEST(ToDimOrderCopy, ConvertsDtypeAndLayout) {
  TestTensor a(ScalarType::Long, {1, 2, 1, 2});
  a.seti({1, 2, 3, -4});
  TestTensor out(ScalarType::Float, {1, 2, 1, 2}, {0, 2, 3, 1});
  ArgList args;
  args.tensor(a).boolean(false).int_list({0, 2, 3, 1}).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::to_dim_order_copy_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, 2, 3, -4}));
  // Memory is NHWC: [c0w0, c1w0, c0w1, c1w1] = [1, 3, 2, -4].
  const float* mem = out.t().data_as<float>();
  EXPECT_EQ(mem[1], 3.0f);
}

TEST(ToDimOrderCopy, MismatchedDimOrderArgumentFails) {
  TestTensor a(ScalarType::Float, {1, 2, 1, 2});
  TestTensor out(ScalarType::Float, {1, 2, 1, 2});
  ArgList args;
  args.tensor(a).boolean(false).int_list({0, 2, 3, 1}).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::to_dim_order_copy_out, args), Error::InvalidArgument);
}

TEST(ToDimOrderCopy, FloatToHalfAndBFloat16Round) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({1.0f + 1.0f / 2048, 1e-8f, -3.140625f});
  TestTensor half(ScalarType::Half, {3});
  ArgList args;
  args.tensor(a).boolean(false).none().tensor(half).same_as(3);
  ASSERT_EQ(run_kernel(&portable::to_dim_order_copy_out, args), Error::Ok);
  EXPECT_EQ(half.values(), (std::vector<double>{1.0, 0.0, -3.140625}));  // tie rounds to even
  TestTensor bf(ScalarType::BFloat16, {3});
  ArgList bargs;
  bargs.tensor(a).boolean(false).none().tensor(bf).same_as(3);
  ASSERT_EQ(run_kernel(&portable::to_dim_order_copy_out, bargs), Error::Ok);
  EXPECT_EQ(bf.values()[2], -3.140625);
}

TEST(ToDimOrderCopy, FloatToIntTruncates) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({-1.7f, 2.9f, 300.0f});
  TestTensor out(ScalarType::Byte, {3});
  ArgList args;
  args.tensor(a).boolean(false).none().tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::to_dim_order_copy_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{255, 2, 44}));
}

TEST(Clone, ChannelsLastToContiguousKeepsLogicalValues) {
  TestTensor a(ScalarType::Float, {1, 3, 2, 2}, {0, 2, 3, 1});
  a.setf(iota(12));
  TestTensor out(ScalarType::Float, {1, 3, 2, 2});
  ArgList args;
  args.tensor(a).none().tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::clone_out, args), Error::Ok);
  const float* mem = out.t().data_as<float>();
  for (int i = 0; i < 12; ++i) EXPECT_EQ(mem[i], static_cast<float>(i));
}

TEST(CloneDimOrder, RejectsDtypeChange) {
  TestTensor a(ScalarType::Float, {2});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).boolean(false).none().tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::clone_dim_order_out, args), Error::InvalidArgument);
}

TEST(SelectCopy, NegativeIndex) {
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf(iota(6));
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).integer(1).integer(-1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::select_copy_int_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{2, 5}));
  ArgList bad;
  bad.tensor(a).integer(1).integer(3).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::select_copy_int_out, bad), Error::InvalidArgument);
}

TEST(SliceCopy, StepAndClampedEnd) {
  TestTensor a(ScalarType::Float, {6});
  a.setf(iota(6));
  TestTensor out(ScalarType::Float, {3});
  ArgList args;
  args.tensor(a).integer(0).integer(-5).integer(INT64_MAX).integer(2).tensor(out).same_as(5);
  ASSERT_EQ(run_kernel(&portable::slice_copy_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, 3, 5}));
}

TEST(SliceCopy, EmptyRange) {
  TestTensor a(ScalarType::Float, {6});
  TestTensor out(ScalarType::Float, {0});
  ArgList args;
  args.tensor(a).integer(0).integer(4).integer(2).integer(1).tensor(out).same_as(5);
  EXPECT_EQ(run_kernel(&portable::slice_copy_tensor_out, args), Error::Ok);
}

TEST(Cat, ConcatenatesAndSkipsEmptyOneD) {
  TestTensor a(ScalarType::Float, {2, 1});
  a.setf({1, 2});
  TestTensor b(ScalarType::Float, {2, 2});
  b.setf({3, 4, 5, 6});
  TestTensor empty(ScalarType::Float, {0});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor_list({&a, &empty, &b}).integer(-1).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::cat_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, 3, 4, 2, 5, 6}));
}

TEST(Cat, MismatchedSizesFail) {
  TestTensor a(ScalarType::Float, {2, 1});
  TestTensor b(ScalarType::Float, {3, 1});
  TestTensor out(ScalarType::Float, {5, 1});
  ArgList args;
  args.tensor_list({&a, &b}).integer(1).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::cat_out, args), Error::InvalidArgument);
}

TEST(IndexSelect, PicksRowsAndChecksRange) {
  TestTensor a(ScalarType::Float, {3, 2});
  a.setf(iota(6));
  TestTensor idx(ScalarType::Long, {2});
  idx.seti({2, 0});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList args;
  args.tensor(a).integer(0).tensor(idx).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::index_select_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{4, 5, 0, 1}));
  idx.seti({3, 0});
  ArgList bad;
  bad.tensor(a).integer(0).tensor(idx).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::index_select_out, bad), Error::InvalidArgument);
}

TEST(ConstantPad, PadsAndCrops) {
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf(iota(6));
  // Last dim: crop 1 before, pad 1 after; first dim: pad 1 before.
  TestTensor out(ScalarType::Float, {3, 3});
  ArgList args;
  args.tensor(a).int_list({-1, 1, 1, 0}).dbl(9.0).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::constant_pad_nd_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{9, 9, 9, 1, 2, 9, 4, 5, 9}));
}

TEST(Expand, BroadcastsLeadingAndUnitDims) {
  TestTensor a(ScalarType::Int, {2, 1});
  a.seti({1, 2});
  TestTensor out(ScalarType::Int, {2, 2, 3});
  ArgList args;
  args.tensor(a).int_list({2, -1, 3}).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::expand_copy_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}));
}

TEST(SqueezeUnsqueeze, ChangeRank) {
  TestTensor a(ScalarType::Float, {2, 1, 3});
  a.setf(iota(6));
  TestTensor sq(ScalarType::Float, {2, 3});
  ArgList s;
  s.tensor(a).int_list({1, 0}).tensor(sq).same_as(2);  // dim 0 has size 2: kept
  ASSERT_EQ(run_kernel(&portable::squeeze_copy_dims_out, s), Error::Ok);
  TestTensor un(ScalarType::Float, {2, 3, 1});
  ArgList u;
  u.tensor(sq).integer(-1).tensor(un).same_as(2);
  ASSERT_EQ(run_kernel(&portable::unsqueeze_copy_out, u), Error::Ok);
  EXPECT_EQ(un.values(), (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(Full, FullLikeCastsValue) {
  TestTensor self(ScalarType::Float, {2, 2});
  TestTensor out(ScalarType::Int, {2, 2});
  ArgList args;
  args.tensor(self).dbl(2.7).integer(3).none().none().none().none().tensor(out).same_as(7);
  ASSERT_EQ(run_kernel(&portable::full_like_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{2, 2, 2, 2}));
  ArgList bad;
  bad.tensor(self).dbl(2.7).integer(6).none().none().none().none().tensor(out).same_as(7);
  EXPECT_EQ(run_kernel(&portable::full_like_out, bad), Error::InvalidArgument);
}

TEST(Split, WithSizesAndUniform) {
  TestTensor a(ScalarType::Float, {5});
  a.setf(iota(5));
  TestTensor p0(ScalarType::Float, {2});
  TestTensor p1(ScalarType::Float, {2});
  TestTensor p2(ScalarType::Float, {1});
  ArgList args;
  args.tensor(a).integer(2).integer(0).tensor_list({&p0, &p1, &p2});
  ASSERT_EQ(run_kernel(&portable::split_copy_tensor_out, args), Error::Ok);
  EXPECT_EQ(p2.values(), (std::vector<double>{4}));
  TestTensor q0(ScalarType::Float, {1});
  TestTensor q1(ScalarType::Float, {4});
  ArgList sizes;
  sizes.tensor(a).int_list({1, 4}).integer(0).tensor_list({&q0, &q1});
  ASSERT_EQ(run_kernel(&portable::split_with_sizes_copy_out, sizes), Error::Ok);
  EXPECT_EQ(q1.values(), (std::vector<double>{1, 2, 3, 4}));
  ArgList bad;
  bad.tensor(a).int_list({1, 3}).integer(0).tensor_list({&q0, &q1});
  EXPECT_EQ(run_kernel(&portable::split_with_sizes_copy_out, bad), Error::InvalidArgument);
}

}  // namespace
}  // namespace wick
