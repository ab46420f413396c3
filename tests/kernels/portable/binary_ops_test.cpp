#include <gtest/gtest.h>

#include <cmath>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

TEST(Add, BroadcastsRowAgainstColumn) {
  TestTensor a(ScalarType::Float, {2, 1});
  a.setf({1, 2});
  TestTensor b(ScalarType::Float, {3});
  b.setf({10, 20, 30});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{11, 21, 31, 12, 22, 32}));
}

TEST(Add, AlphaScalesOther) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({1, 2, 3});
  TestTensor b(ScalarType::Float, {3});
  b.setf({1, 1, 1});
  TestTensor out(ScalarType::Float, {3});
  ArgList args;
  args.tensor(a).tensor(b).dbl(2.5).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{3.5, 4.5, 5.5}));
}

TEST(Add, Int32WrapsLikeTorch) {
  TestTensor a(ScalarType::Int, {2});
  a.seti({INT32_MAX, -5});
  TestTensor b(ScalarType::Int, {2});
  b.seti({1, 7});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{INT32_MIN, 2}));
}

TEST(Add, IntTensorPlusFloatTensorPromotesToFloat) {
  TestTensor a(ScalarType::Long, {2});
  a.seti({1, 2});
  TestTensor b(ScalarType::Float, {2});
  b.setf({0.5f, 0.25f});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1.5, 2.25}));
}

TEST(Add, FloatResultIntoIntOutputFails) {
  TestTensor a(ScalarType::Int, {2});
  TestTensor b(ScalarType::Float, {2});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::InvalidArgument);
}

TEST(Add, FloatAlphaWithIntegersFails) {
  TestTensor a(ScalarType::Int, {2});
  TestTensor b(ScalarType::Int, {2});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(b).dbl(0.5).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::InvalidArgument);
}

TEST(Add, ShapesThatDoNotBroadcastFail) {
  TestTensor a(ScalarType::Float, {2, 3});
  TestTensor b(ScalarType::Float, {4});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::InvalidArgument);
}

TEST(Add, StaticOutputOfWrongShapeFails) {
  TestTensor a(ScalarType::Float, {2, 3});
  TestTensor b(ScalarType::Float, {3});
  TestTensor out(ScalarType::Float, {3, 2});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::InvalidArgument);
}

TEST(Add, WrongArgumentCountFails) {
  TestTensor a(ScalarType::Float, {2});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).tensor(a).integer(1).tensor(out);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::InvalidArgument);
}

TEST(Add, ChannelsLastInputsAndOutputFollowStrides) {
  // Logical NCHW values 0..11 for [1, 3, 2, 2]; a is channels-last, b and
  // out contiguous, so the result is 2 * logical value.
  std::vector<float> logical(12);
  for (int i = 0; i < 12; ++i) logical[i] = static_cast<float>(i);
  TestTensor a(ScalarType::Float, {1, 3, 2, 2}, {0, 2, 3, 1});
  a.setf(logical);
  TestTensor b(ScalarType::Float, {1, 3, 2, 2});
  b.setf(logical);
  TestTensor out(ScalarType::Float, {1, 3, 2, 2}, {0, 2, 3, 1});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(out.values()[i], 2.0 * i);
  // Memory of a channels-last [1,3,2,2]: element (c=1, h=0, w=0) is at offset 1.
  EXPECT_EQ(out.t().data_as<float>()[1], 2.0f * 4);
}

TEST(Add, SizeZeroDimensionGivesEmptyOutput) {
  TestTensor a(ScalarType::Float, {0, 3});
  TestTensor b(ScalarType::Float, {3});
  TestTensor out(ScalarType::Float, {0, 3});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
}

TEST(Add, DynamicOutputIsResized) {
  TestTensor a(ScalarType::Float, {2, 2});
  a.setf({1, 2, 3, 4});
  TestTensor out(ScalarType::Float, {4, 4}, {}, ShapeDynamism::DynamicBound);
  ArgList args;
  args.tensor(a).tensor(a).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(out.values(), (std::vector<double>{2, 4, 6, 8}));
}

TEST(AddScalar, IntTensorWithFloatScalarPromotes) {
  TestTensor a(ScalarType::Int, {2});
  a.seti({1, 2});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).dbl(0.5).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_scalar_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1.5, 2.5}));
}

TEST(AddScalar, Int8TensorWithIntScalarStaysInt8) {
  TestTensor a(ScalarType::Char, {2});
  a.seti({127, -1});
  TestTensor out(ScalarType::Char, {2});
  ArgList args;
  args.tensor(a).integer(1).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_scalar_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{-128, 0}));
}

TEST(AddScalar, BoolTensorPlusIntScalarIsLong) {
  TestTensor a(ScalarType::Bool, {2});
  a.seti({1, 0});
  TestTensor out_bool(ScalarType::Bool, {2});
  ArgList bad;
  bad.tensor(a).integer(2).integer(1).tensor(out_bool).same_as(3);
  EXPECT_EQ(run_kernel(&portable::add_scalar_out, bad), Error::InvalidArgument);
  TestTensor out(ScalarType::Long, {2});
  ArgList args;
  args.tensor(a).integer(2).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_scalar_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{3, 2}));
}

TEST(Sub, BoolInputsFail) {
  TestTensor a(ScalarType::Bool, {2});
  TestTensor out(ScalarType::Bool, {2});
  ArgList args;
  args.tensor(a).tensor(a).integer(1).tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::sub_out, args), Error::InvalidArgument);
}

TEST(Sub, ZeroDimTensorDoesNotPromoteDimensionedTensor) {
  // int32 [2] - int64 0-dim -> int32 (zero-dim tensors rank below).
  TestTensor a(ScalarType::Int, {2});
  a.seti({5, 6});
  TestTensor b(ScalarType::Long, {});
  b.seti({2});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(b).integer(2).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::sub_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 2}));
}

TEST(Mul, BoolIsLogicalAnd) {
  TestTensor a(ScalarType::Bool, {4});
  a.seti({0, 0, 1, 1});
  TestTensor b(ScalarType::Bool, {4});
  b.seti({0, 1, 0, 1});
  TestTensor out(ScalarType::Bool, {4});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::mul_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{0, 0, 0, 1}));
}

TEST(Mul, ScalarAndHalfStorage) {
  TestTensor a(ScalarType::Half, {3});
  a.setf({1.5f, -2.0f, 65504.0f});
  TestTensor out(ScalarType::Half, {3});
  ArgList args;
  args.tensor(a).dbl(2.0).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::mul_scalar_out, args), Error::Ok);
  const std::vector<double> v = out.values();
  EXPECT_EQ(v[0], 3.0);
  EXPECT_EQ(v[1], -4.0);
  EXPECT_TRUE(std::isinf(v[2]));
}

TEST(Add, BFloat16PlusFloat16PromotesToFloat) {
  TestTensor a(ScalarType::BFloat16, {2});
  a.setf({1.5f, -2.0f});
  TestTensor b(ScalarType::Half, {2});
  b.setf({0.25f, 0.125f});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).tensor(b).integer(1).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1.75, -1.875}));
  TestTensor half_out(ScalarType::Half, {2});
  ArgList narrow;
  narrow.tensor(b).tensor(b).integer(1).tensor(half_out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::add_out, narrow), Error::Ok);
  EXPECT_EQ(half_out.values(), (std::vector<double>{0.5, 0.25}));
}

TEST(Div, IntegersTrueDivideToFloat) {
  TestTensor a(ScalarType::Long, {3});
  a.seti({7, -7, 1});
  TestTensor b(ScalarType::Long, {3});
  b.seti({2, 2, 0});
  TestTensor out(ScalarType::Float, {3});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::div_out, args), Error::Ok);
  const std::vector<double> v = out.values();
  EXPECT_EQ(v[0], 3.5);
  EXPECT_EQ(v[1], -3.5);
  EXPECT_TRUE(std::isinf(v[2]));
}

TEST(Div, FloorAndTruncModes) {
  TestTensor a(ScalarType::Long, {2});
  a.seti({7, -7});
  TestTensor b(ScalarType::Long, {2});
  b.seti({2, 2});
  TestTensor out(ScalarType::Long, {2});
  ArgList floor_args;
  floor_args.tensor(a).tensor(b).str("floor").tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::div_out_mode, floor_args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{3, -4}));
  ArgList trunc_args;
  trunc_args.tensor(a).tensor(b).str("trunc").tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::div_out_mode, trunc_args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{3, -3}));
}

TEST(Div, FloatFloorMatchesPython) {
  TestTensor a(ScalarType::Float, {4});
  a.setf({-7.5f, 7.5f, 0.0f, -1.0f});
  TestTensor out(ScalarType::Float, {4});
  ArgList args;
  args.tensor(a).dbl(-2.0).str("floor").tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::div_scalar_mode_out, args), Error::Ok);
  const std::vector<double> v = out.values();
  EXPECT_EQ(v[0], 3.0);
  EXPECT_EQ(v[1], -4.0);
  EXPECT_EQ(v[2], 0.0);
  EXPECT_TRUE(std::signbit(v[2]));  // 0 / -2 floors to -0
  EXPECT_EQ(v[3], 0.0);
}

TEST(Div, IntegerDivisionByZeroFails) {
  TestTensor a(ScalarType::Int, {2});
  TestTensor b(ScalarType::Int, {2});
  b.seti({1, 0});
  TestTensor out(ScalarType::Int, {2});
  ArgList args;
  args.tensor(a).tensor(b).str("trunc").tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::div_out_mode, args), Error::InvalidArgument);
}

TEST(Div, UnknownRoundingModeFails) {
  TestTensor a(ScalarType::Float, {2});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).tensor(a).str("round").tensor(out).same_as(3);
  EXPECT_EQ(run_kernel(&portable::div_out_mode, args), Error::InvalidArgument);
}

TEST(Compare, EqScalarWithNaN) {
  TestTensor a(ScalarType::Float, {3});
  a.setf({1.0f, NAN, 2.0f});
  TestTensor out(ScalarType::Bool, {3});
  ArgList args;
  args.tensor(a).integer(1).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::eq_scalar_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 0, 0}));
}

TEST(Compare, TensorComparisonsBroadcastAcrossDtypes) {
  TestTensor a(ScalarType::Int, {2, 1});
  a.seti({1, 3});
  TestTensor b(ScalarType::Float, {3});
  b.setf({0.5f, 1.0f, 3.5f});
  TestTensor out(ScalarType::Bool, {2, 3});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::gt_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{1, 0, 0, 1, 1, 0}));
  ArgList le;
  le.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::le_tensor_out, le), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{0, 1, 1, 0, 0, 1}));
}

TEST(Compare, FloatOutputHoldsOnesAndZeros) {
  TestTensor a(ScalarType::Long, {2});
  a.seti({4, 5});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(a).integer(5).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::ne_scalar_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1.0, 0.0}));
}

}  // namespace
}  // namespace wick
