// Activations with parameters, selection/indexing, ranges and resampling.
// Expected values marked "torch" were produced with torch 1.13 on CPU.
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want,
                     double rel = 1e-5) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], rel * (1e-3 + std::fabs(want[i]))) << "at " << i;
  }
}

const std::vector<float> kActInput = {-2.0f, -0.5f, 0.0f, 1.5f};

TEST(Activation, GeluBothModes) {
  TestTensor x(ScalarType::Float, {4});
  x.setf(kActInput);
  TestTensor out(ScalarType::Float, {4});
  ArgList none;
  none.tensor(x).str("none").tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::gelu_out, none), Error::Ok);
  expect_near_all(out.values(), {-0.045500099658966064, -0.1542687863111496, 0.0, 1.3997890949249268});  // torch
  ArgList tanh;
  tanh.tensor(x).str("tanh").tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::gelu_out, tanh), Error::Ok);
  expect_near_all(out.values(), {-0.04540228843688965, -0.1542859971523285, 0.0, 1.3995715379714966});  // torch
  ArgList bad;
  bad.tensor(x).str("fast").tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::gelu_out, bad), Error::InvalidArgument);
}

TEST(Activation, EluSoftplusLeakyRelu) {
  TestTensor x(ScalarType::Float, {4});
  x.setf(kActInput);
  TestTensor out(ScalarType::Float, {4});
  ArgList elu;
  elu.tensor(x).dbl(1.5).integer(1).integer(1).tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::elu_out, elu), Error::Ok);
  expect_near_all(out.values(), {-1.2969970703125, -0.5902040004730225, 0.0, 1.5});  // torch
  ArgList sp;
  sp.tensor(x).integer(2).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::softplus_out, sp), Error::Ok);
  expect_near_all(out.values(), {0.009074964560568333, 0.15663084387779236, 0.3465735912322998, 1.5});  // torch
  ArgList lr;
  lr.tensor(x).dbl(0.1).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::leaky_relu_out, lr), Error::Ok);
  expect_near_all(out.values(), {-0.2, -0.05, 0.0, 1.5});
}

TEST(Clamp, ScalarBoundsPromoteAndPropagateNaN) {
  TestTensor x(ScalarType::Int, {3});
  x.seti({-5, 0, 5});
  TestTensor out(ScalarType::Float, {3});
  ArgList a;
  a.tensor(x).dbl(-1.5).none().tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::clamp_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{-1.5, 0, 5}));
  TestTensor int_out(ScalarType::Int, {3});
  ArgList b;
  b.tensor(x).dbl(-1.5).none().tensor(int_out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::clamp_out, b), Error::InvalidArgument);
  TestTensor f(ScalarType::Float, {3});
  f.setf({NAN, 3, -3});
  ArgList c;
  c.tensor(f).integer(2).integer(1).tensor(out).same_as(3);  // min > max -> max
  ASSERT_EQ(run_kernel(&portable::clamp_out, c), Error::Ok);
  EXPECT_TRUE(std::isnan(out.values()[0]));
  EXPECT_EQ(out.values()[1], 1.0);
  EXPECT_EQ(out.values()[2], 1.0);
  ArgList none;
  none.tensor(f).none().none().tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::clamp_out, none), Error::InvalidArgument);
}

TEST(Clamp, TensorBoundsBroadcast) {
  TestTensor x(ScalarType::Float, {2, 2});
  x.setf({-3, 3, -3, 3});
  TestTensor lo(ScalarType::Float, {2, 1});
  lo.setf({-1, -2});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList a;
  a.tensor(x).tensor(lo).none().tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::clamp_tensor_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{-1, 3, -2, 3}));
}

TEST(Clamp, HardtanhKeepsDtype) {
  TestTensor x(ScalarType::Float, {3});
  x.setf({-2, 0.5, 2});
  TestTensor out(ScalarType::Float, {3});
  ArgList a;
  a.tensor(x).integer(-1).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::hardtanh_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{-1, 0.5, 1}));
}

TEST(Where, BroadcastsAndPromotes) {
  TestTensor cond(ScalarType::Bool, {2, 1});
  cond.seti({1, 0});
  TestTensor a(ScalarType::Int, {3});
  a.seti({1, 2, 3});
  TestTensor b(ScalarType::Float, {});
  b.setf({0.5f});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor(cond).tensor(a).tensor(b).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::where_self_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, 2, 3, 0.5, 0.5, 0.5}));
  TestTensor fcond(ScalarType::Float, {2, 1});
  ArgList bad;
  bad.tensor(fcond).tensor(a).tensor(b).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::where_self_out, bad), Error::InvalidArgument);
}

TEST(Pow, SpecialExponentsMatchTorch) {
  TestTensor x(ScalarType::Float, {4});
  x.setf({-8.0f, 4.0f, -0.0f, -INFINITY});
  TestTensor out(ScalarType::Float, {4});
  ArgList a;
  a.tensor(x).dbl(0.5).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pow_tensor_scalar_out, a), Error::Ok);
  const auto v = out.values();  // torch: [nan, 2.0, -0.0, nan]
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], 2.0);
  EXPECT_TRUE(v[2] == 0.0 && std::signbit(v[2]));
  EXPECT_TRUE(std::isnan(v[3]));
  ArgList sq;
  sq.tensor(x).integer(2).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pow_tensor_scalar_out, sq), Error::Ok);
  EXPECT_EQ(out.values()[0], 64.0);
}

TEST(Pow, IntegerPowersAndNegativeExponent) {
  TestTensor x(ScalarType::Long, {3});
  x.seti({-3, 2, 0});
  TestTensor out(ScalarType::Long, {3});
  ArgList a;
  a.tensor(x).integer(3).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pow_tensor_scalar_out, a), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{-27, 8, 0}));
  ArgList neg;
  neg.tensor(x).integer(-1).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::pow_tensor_scalar_out, neg), Error::InvalidArgument);
  TestTensor e(ScalarType::Long, {3});
  e.seti({2, 10, 0});
  ArgList tt;
  tt.tensor(x).tensor(e).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pow_tensor_tensor_out, tt), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{9, 1024, 1}));
  TestTensor fo(ScalarType::Float, {3});
  ArgList sc;
  sc.dbl(2.0).tensor(e).tensor(fo).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pow_scalar_out, sc), Error::Ok);
  EXPECT_EQ(fo.values(), (std::vector<double>{4, 1024, 1}));
}

TEST(MinMax, NaNWinsAndRemainderFmodSigns) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({1, NAN, -7});
  TestTensor b(ScalarType::Float, {3});
  b.setf({2, 0, 3});
  TestTensor out(ScalarType::Float, {3});
  ArgList mx;
  mx.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::maximum_out, mx), Error::Ok);
  EXPECT_EQ(out.values()[0], 2.0);
  EXPECT_TRUE(std::isnan(out.values()[1]));
  ArgList rem;
  rem.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::remainder_tensor_out, rem), Error::Ok);
  EXPECT_EQ(out.values()[2], 2.0);
  ArgList fm;
  fm.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::fmod_tensor_out, fm), Error::Ok);
  EXPECT_EQ(out.values()[2], -1.0);
  TestTensor i(ScalarType::Int, {2});
  i.seti({-7, 7});
  TestTensor io(ScalarType::Int, {2});
  ArgList ri;
  ri.tensor(i).integer(-3).tensor(io).same_as(2);
  ASSERT_EQ(run_kernel(&portable::remainder_scalar_out, ri), Error::Ok);
  EXPECT_EQ(io.ints(), (std::vector<int64_t>{-1, -2}));
  ArgList zero;
  zero.tensor(i).integer(0).tensor(io).same_as(2);
  EXPECT_EQ(run_kernel(&portable::fmod_scalar_out, zero), Error::InvalidArgument);
}

TEST(Logical, AndNotBitwise) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({0, 2, -1});
  TestTensor b(ScalarType::Long, {3});
  b.seti({1, 0, 5});
  TestTensor out(ScalarType::Bool, {3});
  ArgList land;
  land.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::logical_and_out, land), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{0, 0, 1}));
  ArgList lnot;
  lnot.tensor(a).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::logical_not_out, lnot), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 0, 0}));
  TestTensor bo(ScalarType::Long, {3});
  ArgList band;
  band.tensor(b).integer(4).tensor(bo).same_as(2);
  ASSERT_EQ(run_kernel(&portable::bitwise_and_scalar_out, band), Error::Ok);
  EXPECT_EQ(bo.ints(), (std::vector<int64_t>{0, 0, 4}));
  TestTensor fo(ScalarType::Float, {3});
  ArgList bad;
  bad.tensor(a).tensor(a).tensor(fo).same_as(2);
  EXPECT_EQ(run_kernel(&portable::bitwise_or_tensor_out, bad), Error::InvalidArgument);
}

TEST(MaskedFill, BroadcastMask) {
  TestTensor x(ScalarType::Float, {2, 2});
  x.setf({1, 2, 3, 4});
  TestTensor mask(ScalarType::Bool, {2});
  mask.seti({0, 1});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList a;
  a.tensor(x).tensor(mask).dbl(-INFINITY).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::masked_fill_scalar_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, -INFINITY, 3, -INFINITY}));
}

TEST(Embedding, LooksUpRowsAndChecksRange) {
  TestTensor w(ScalarType::Float, {3, 2});
  w.setf({0, 1, 10, 11, 20, 21});
  TestTensor idx(ScalarType::Long, {2, 2});
  idx.seti({2, 0, 1, 1});
  TestTensor out(ScalarType::Float, {2, 2, 2});
  ArgList a;
  a.tensor(w).tensor(idx).integer(-1).boolean(false).boolean(false).tensor(out).same_as(5);
  ASSERT_EQ(run_kernel(&portable::embedding_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{20, 21, 0, 1, 10, 11, 10, 11}));
  idx.seti({3, 0, 0, 0});
  ArgList bad;
  bad.tensor(w).tensor(idx).integer(-1).boolean(false).boolean(false).tensor(out).same_as(5);
  EXPECT_EQ(run_kernel(&portable::embedding_out, bad), Error::InvalidArgument);
}

TEST(Gather, AlongLastDim) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 2, 3, 4, 5, 6});
  TestTensor idx(ScalarType::Long, {2, 2});
  idx.seti({2, 0, 1, 1});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList a;
  a.tensor(x).integer(1).tensor(idx).boolean(false).tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::gather_out, a), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{3, 1, 5, 5}));
  idx.seti({-1, 0, 0, 0});
  ArgList bad;
  bad.tensor(x).integer(1).tensor(idx).boolean(false).tensor(out).same_as(4);
  EXPECT_EQ(run_kernel(&portable::gather_out, bad), Error::InvalidArgument);
}

TEST(IndexTensor, AdjacentAndSplitIndices) {
  std::vector<int64_t> values(24);
  for (int i = 0; i < 24; ++i) values[i] = i;
  TestTensor a(ScalarType::Long, {2, 3, 4});
  a.seti(values);
  TestTensor i1(ScalarType::Long, {2});
  i1.seti({2, 0});
  TestTensor out(ScalarType::Long, {2, 2, 4});
  // Build an OptionalTensorList by hand: [None, i1].
  Tensor* items[2] = {nullptr, &i1.t()};
  EValue list;
  list.tag = Tag::ListOptionalTensor;
  list.payload.as_optional_tensor_list = OptionalTensorList{items, 2};
  ArgList args;
  args.tensor(a).none().tensor(out).same_as(2);
  args.at(1) = list;
  ASSERT_EQ(run_kernel(&portable::index_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15}));  // torch

  TestTensor i0(ScalarType::Long, {2});
  i0.seti({1, 0});
  TestTensor i2(ScalarType::Long, {2, 1});
  i2.seti({3, 1});
  Tensor* split_items[3] = {&i0.t(), nullptr, &i2.t()};
  EValue split;
  split.tag = Tag::ListOptionalTensor;
  split.payload.as_optional_tensor_list = OptionalTensorList{split_items, 3};
  TestTensor out2(ScalarType::Long, {2, 2, 3});
  ArgList args2;
  args2.tensor(a).none().tensor(out2).same_as(2);
  args2.at(1) = split;
  ASSERT_EQ(run_kernel(&portable::index_tensor_out, args2), Error::Ok);
  EXPECT_EQ(out2.ints(), (std::vector<int64_t>{15, 19, 23, 3, 7, 11, 13, 17, 21, 1, 5, 9}));  // torch
}

TEST(Cumsum, IntDefaultsToLongAndFloatAccumulates) {
  TestTensor x(ScalarType::Int, {2, 3});
  x.seti({1, 2, 3, 4, 5, 6});
  TestTensor out(ScalarType::Long, {2, 3});
  ArgList a;
  a.tensor(x).integer(1).none().tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::cumsum_out, a), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 3, 6, 4, 9, 15}));
  TestTensor f(ScalarType::Float, {3});
  f.setf({0.5f, 0.25f, -1});
  TestTensor fo(ScalarType::Float, {3});
  ArgList b;
  b.tensor(f).integer(0).none().tensor(fo).same_as(3);
  ASSERT_EQ(run_kernel(&portable::cumsum_out, b), Error::Ok);
  EXPECT_EQ(fo.values(), (std::vector<double>{0.5, 0.75, -0.25}));
}

TEST(Arange, FloatAndNegativeStep) {
  TestTensor out(ScalarType::Float, {4});
  ArgList a;
  a.integer(0).integer(1).dbl(0.3).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::arange_start_out, a), Error::Ok);
  expect_near_all(out.values(), {0.0, 0.30000001192092896, 0.6000000238418579, 0.8999999761581421});  // torch
  TestTensor io(ScalarType::Long, {4});
  ArgList b;
  b.integer(10).integer(0).integer(-3).tensor(io).same_as(3);
  ASSERT_EQ(run_kernel(&portable::arange_start_out, b), Error::Ok);
  EXPECT_EQ(io.ints(), (std::vector<int64_t>{10, 7, 4, 1}));
  TestTensor five(ScalarType::Int, {5});
  ArgList c;
  c.integer(5).tensor(five).same_as(1);
  ASSERT_EQ(run_kernel(&portable::arange_out, c), Error::Ok);
  EXPECT_EQ(five.ints(), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  ArgList bad;
  bad.integer(0).integer(1).integer(-1).tensor(io).same_as(3);
  EXPECT_EQ(run_kernel(&portable::arange_start_out, bad), Error::InvalidArgument);
}

TEST(Upsample, BilinearAndNearestMatchTorch) {
  TestTensor x(ScalarType::Float, {1, 1, 2, 3});
  x.setf({0, 1, 2, 3, 4, 5});
  TestTensor out(ScalarType::Float, {1, 1, 3, 4});
  ArgList a;
  a.tensor(x).int_list({3, 4}).boolean(false).none().tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::upsample_bilinear2d_vec_out, a), Error::Ok);
  expect_near_all(out.values(), {0.0, 0.625, 1.375, 2.0, 1.5, 2.125, 2.875, 3.5, 3.0,
                                 3.624999761581421, 4.374999523162842, 5.0});  // torch
  ArgList ac;
  ac.tensor(x).int_list({3, 4}).boolean(true).none().tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::upsample_bilinear2d_vec_out, ac), Error::Ok);
  expect_near_all(out.values(), {0.0, 0.6666666865348816, 1.3333333730697632, 2.0, 1.5,
                                 2.1666667461395264, 2.8333334922790527, 3.5, 3.0,
                                 3.6666667461395264, 4.333333492279053, 5.0});  // torch
  TestTensor near(ScalarType::Float, {1, 1, 3, 6});
  EValue scales;
  const double factors[2] = {1.5, 2.0};
  scales.tag = Tag::ListDouble;
  scales.payload.as_double_list = Span<const double>(factors, 2);
  ArgList n;
  n.tensor(x).none().none().tensor(near).same_as(3);
  n.at(2) = scales;
  ASSERT_EQ(run_kernel(&portable::upsample_nearest2d_vec_out, n), Error::Ok);
  EXPECT_EQ(near.values(), (std::vector<double>{0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
                                                5, 5}));  // torch
}

TEST(Var, CorrectionAndStd) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 2, 4, 3, 3, 3});
  TestTensor out(ScalarType::Float, {2});
  ArgList a;
  a.tensor(x).int_list({1}).none().boolean(false).tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::var_correction_out, a), Error::Ok);
  expect_near_all(out.values(), {2.3333332538604736, 0.0});  // torch
  ArgList s;
  s.tensor(x).int_list({1}).boolean(false).boolean(false).tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::std_out, s), Error::Ok);
  expect_near_all(out.values(), {std::sqrt(14.0 / 9.0), 0.0});
}

TEST(EmptyDimOrder, ShapesOutput) {
  TestTensor out(ScalarType::Float, {4, 4}, {}, ShapeDynamism::DynamicBound);
  ArgList a;
  a.int_list({2, 3}).none().tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::empty_dim_order_out, a), Error::Ok);
  EXPECT_EQ(out.shape(), (std::vector<int32_t>{2, 3}));
}

}  // namespace
}  // namespace wick
