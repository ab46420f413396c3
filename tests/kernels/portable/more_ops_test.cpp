// stack/flip/repeat, max.dim, any/all, isnan/isinf/sign/bitwise_not and
// group norm. Expected values marked "torch" come from torch 1.13 on CPU.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "kernels/portable/op_table.h"
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

TEST(Stack, NewInnerDim) {
  TestTensor a(ScalarType::Float, {2});
  a.setf({1, 2});
  TestTensor b(ScalarType::Float, {2});
  b.setf({3, 4});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList args;
  args.tensor_list({&a, &b}).integer(-1).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::stack_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1, 3, 2, 4}));
  TestTensor c(ScalarType::Float, {3});
  ArgList bad;
  bad.tensor_list({&a, &c}).integer(0).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::stack_out, bad), Error::InvalidArgument);
}

TEST(Flip, BothDims) {
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf(iota(6));
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor(a).int_list({0, -1}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::flip_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{5, 4, 3, 2, 1, 0}));  // torch
}

TEST(Repeat, AddsLeadingDims) {
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf(iota(6));
  TestTensor out(ScalarType::Float, {2, 2, 6});
  ArgList args;
  args.tensor(a).int_list({2, 1, 2}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::repeat_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5,
                                               0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));  // torch
}

TEST(MaxDim, ValuesIndicesAndNaN) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 3, 3, NAN, 2, NAN});
  TestTensor values(ScalarType::Float, {2});
  TestTensor indices(ScalarType::Long, {2});
  ArgList args;
  args.tensor(x).integer(1).boolean(false).tensor(values).tensor(indices).same_as(3).same_as(4);
  ASSERT_EQ(run_kernel(&portable::max_dim_max, args), Error::Ok);
  EXPECT_EQ(values.values()[0], 3.0);
  EXPECT_TRUE(std::isnan(values.values()[1]));
  EXPECT_EQ(indices.ints(), (std::vector<int64_t>{1, 0}));  // torch
  TestTensor kv(ScalarType::Float, {1, 3});
  TestTensor ki(ScalarType::Long, {1, 3});
  ArgList mins;
  mins.tensor(x).integer(0).boolean(true).tensor(kv).tensor(ki).same_as(3).same_as(4);
  ASSERT_EQ(run_kernel(&portable::min_dim_min, mins), Error::Ok);
  EXPECT_EQ(ki.ints(), (std::vector<int64_t>{1, 1, 1}));
}

TEST(AnyAll, Reductions) {
  TestTensor x(ScalarType::Float, {2, 2});
  x.setf({0, 0, 0, NAN});
  TestTensor out(ScalarType::Bool, {});
  ArgList any;
  any.tensor(x).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::any_all_out, any), Error::Ok);
  EXPECT_EQ(out.ints()[0], 1);
  ArgList all;
  all.tensor(x).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::all_all_out, all), Error::Ok);
  EXPECT_EQ(out.ints()[0], 0);
  TestTensor rows(ScalarType::Bool, {2});
  ArgList dims;
  dims.tensor(x).int_list({1}).boolean(false).tensor(rows).same_as(3);
  ASSERT_EQ(run_kernel(&portable::any_dims_out, dims), Error::Ok);
  EXPECT_EQ(rows.ints(), (std::vector<int64_t>{0, 1}));
}

TEST(Predicates, IsnanIsinfSignBitwiseNot) {
  TestTensor x(ScalarType::Float, {4});
  x.setf({NAN, INFINITY, -2.0f, 0.0f});
  TestTensor b(ScalarType::Bool, {4});
  ArgList n;
  n.tensor(x).tensor(b).same_as(1);
  ASSERT_EQ(run_kernel(&portable::isnan_out, n), Error::Ok);
  EXPECT_EQ(b.ints(), (std::vector<int64_t>{1, 0, 0, 0}));
  ArgList i;
  i.tensor(x).tensor(b).same_as(1);
  ASSERT_EQ(run_kernel(&portable::isinf_out, i), Error::Ok);
  EXPECT_EQ(b.ints(), (std::vector<int64_t>{0, 1, 0, 0}));
  TestTensor s(ScalarType::Float, {4});
  ArgList sg;
  sg.tensor(x).tensor(s).same_as(1);
  ASSERT_EQ(run_kernel(&portable::sign_out, sg), Error::Ok);
  EXPECT_EQ(s.values()[0], 0.0);  // PyTorch: sign(NaN) = (0 < x) - (x < 0) = 0
  EXPECT_EQ(s.values()[1], 1.0);
  EXPECT_EQ(s.values()[2], -1.0);
  TestTensor ints(ScalarType::Char, {2});
  ints.seti({0, -1});
  TestTensor io(ScalarType::Char, {2});
  ArgList bn;
  bn.tensor(ints).tensor(io).same_as(1);
  ASSERT_EQ(run_kernel(&portable::bitwise_not_out, bn), Error::Ok);
  EXPECT_EQ(io.ints(), (std::vector<int64_t>{-1, 0}));
  ArgList bad;
  bad.tensor(x).tensor(s).same_as(1);
  EXPECT_EQ(run_kernel(&portable::bitwise_not_out, bad), Error::InvalidArgument);
}

TEST(GroupNorm, MatchesTorch) {
  TestTensor x(ScalarType::Float, {1, 4, 2, 1});
  x.setf({1, 2, 3, 4, 5, 6, 7, 9});
  TestTensor w(ScalarType::Float, {4});
  w.setf({1, 2, 0.5f, 1});
  TestTensor b(ScalarType::Float, {4});
  b.setf({0, 1, 0, -1});
  TestTensor out(ScalarType::Float, {1, 4, 2, 1});
  TestTensor mean(ScalarType::Float, {1, 2});
  TestTensor rstd(ScalarType::Float, {1, 2});
  ArgList args;
  args.tensor(x).tensor(w).tensor(b).integer(1).integer(4).integer(2).integer(2).dbl(1e-5)
      .tensor(out).tensor(mean).tensor(rstd).same_as(8).same_as(9).same_as(10);
  ASSERT_EQ(run_kernel(&portable::native_group_norm_out, args), Error::Ok);
  const std::vector<double> want = {-1.3416354656219482, -0.4472118616104126, 1.8944236040115356,
                                    3.6832709312438965, -0.5916065573692322, -0.2535456418991089,
                                    -0.8309694528579712, 0.521274209022522};  // torch
  const auto got = out.values();
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-5) << k;
  EXPECT_EQ(mean.values(), (std::vector<double>{2.5, 6.75}));
  EXPECT_NEAR(rstd.values()[1], 0.6761218309402466, 1e-6);  // torch
}

TEST(Overflow, Int32MulAndNegWrap) {
  TestTensor a(ScalarType::Int, {2});
  a.seti({INT32_MIN, 65536});
  TestTensor out(ScalarType::Int, {2});
  ArgList mul;
  mul.tensor(a).tensor(a).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::mul_out, mul), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{0, 0}));
  ArgList neg;
  neg.tensor(a).tensor(out).same_as(1);
  ASSERT_EQ(run_kernel(&portable::neg_out, neg), Error::Ok);
  EXPECT_EQ(out.ints()[0], INT32_MIN);
}

}  // namespace
}  // namespace wick

namespace wick {
namespace {

TEST(OpTable, NamesAreUniqueAndBound) {
  const OpTable table = portable::op_table();
  EXPECT_GT(table.size(), 100u);
  std::set<std::string> names;
  for (const OpEntry& e : table) {
    EXPECT_NE(e.fn, nullptr) << e.name;
    EXPECT_TRUE(names.insert(e.name).second) << "duplicate " << e.name;
  }
  for (const char* required :
       {"aten::add.out", "aten::convolution.out", "aten::_softmax.out",
        "dim_order_ops::_to_dim_order_copy.out", "dim_order_ops::_clone_dim_order.out",
        "aten::max_pool2d_with_indices.out", "aten::native_layer_norm.out",
        "aten::_native_batch_norm_legit_no_training.out", "aten::squeeze_copy.dims_out"}) {
    EXPECT_EQ(names.count(required), 1u) << required;
  }
}

TEST(RsubTensor, OtherMinusAlphaSelf) {
  testing::TestTensor a(ScalarType::Float, {2});
  a.setf({1, 2});
  testing::TestTensor b(ScalarType::Float, {2});
  b.setf({10, 10});
  testing::TestTensor out(ScalarType::Float, {2});
  testing::ArgList args;
  args.tensor(a).tensor(b).integer(3).tensor(out).same_as(3);
  ASSERT_EQ(testing::run_kernel(&portable::rsub_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{7, 4}));
}

}  // namespace
}  // namespace wick

namespace wick {
namespace {

TEST(PixelShuffle, ShuffleAndUnshuffleMatchTorch) {
  TestTensor x(ScalarType::Float, {1, 4, 2, 2});
  x.setf(iota(16));
  TestTensor out(ScalarType::Float, {1, 1, 4, 4});
  ArgList args;
  args.tensor(x).integer(2).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pixel_shuffle_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11,
                                               15}));  // torch
  TestTensor y(ScalarType::Float, {1, 1, 4, 4});
  y.setf(iota(16));
  TestTensor back(ScalarType::Float, {1, 4, 2, 2});
  ArgList un;
  un.tensor(y).integer(2).tensor(back).same_as(2);
  ASSERT_EQ(run_kernel(&portable::pixel_unshuffle_out, un), Error::Ok);
  EXPECT_EQ(back.values(), (std::vector<double>{0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13,
                                                15}));  // torch
}

TEST(Glu, HalvesAlongDim) {
  TestTensor x(ScalarType::Float, {1, 4});
  x.setf({1, 2, 0, -1});
  TestTensor out(ScalarType::Float, {1, 2});
  ArgList args;
  args.tensor(x).integer(1).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::glu_out, args), Error::Ok);
  EXPECT_NEAR(out.values()[0], 0.5, 1e-7);
  EXPECT_NEAR(out.values()[1], 0.5378828644752502, 1e-6);  // torch
  TestTensor odd(ScalarType::Float, {3});
  TestTensor o1(ScalarType::Float, {1});
  ArgList bad;
  bad.tensor(odd).integer(0).tensor(o1).same_as(2);
  EXPECT_EQ(run_kernel(&portable::glu_out, bad), Error::InvalidArgument);
}

TEST(LogSumExp, StableAndAllMinusInf) {
  TestTensor x(ScalarType::Float, {2, 3});
  x.setf({1, 2, 3, -INFINITY, -INFINITY, -INFINITY});
  TestTensor out(ScalarType::Float, {2});
  ArgList args;
  args.tensor(x).int_list({1}).boolean(false).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::logsumexp_out, args), Error::Ok);
  EXPECT_NEAR(out.values()[0], 3.4076058864593506, 1e-6);  // torch
  EXPECT_EQ(out.values()[1], -INFINITY);
}

TEST(Prod, IntDefaultsAndFloat) {
  TestTensor x(ScalarType::Int, {2, 2});
  x.seti({2, 3, -4, 5});
  TestTensor out(ScalarType::Long, {2});
  ArgList args;
  args.tensor(x).integer(1).boolean(false).none().tensor(out).same_as(4);
  ASSERT_EQ(run_kernel(&portable::prod_int_out, args), Error::Ok);
  EXPECT_EQ(out.ints(), (std::vector<int64_t>{6, -20}));
  TestTensor all(ScalarType::Long, {});
  ArgList a;
  a.tensor(x).none().tensor(all).same_as(2);
  ASSERT_EQ(run_kernel(&portable::prod_out, a), Error::Ok);
  EXPECT_EQ(all.ints()[0], -120);
}

}  // namespace
}  // namespace wick
