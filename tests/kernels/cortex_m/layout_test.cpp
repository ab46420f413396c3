// pad and transpose: pure data movement, checked by hand.
#include <gtest/gtest.h>

#include "kernels/cortex_m/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

TEST(Pad, PadsLogicalDimsOfARank2Tensor) {
  OwnedTensor in(ScalarType::Char, {2, 2});
  OwnedTensor out(ScalarType::Char, {3, 5});
  in.set<int8_t>({1, 2, 3, 4});
  Args args;
  args.tensor(in).int_list({0, 0, 1, 2}).int_list({0, 0, 0, 1}).integer(-128).out(out);
  ASSERT_EQ(run_kernel(&pad_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{-128, -128, -128, -128, -128,  //
                                                       -128, -128, 1, 2, -128,        //
                                                       -128, -128, 3, 4, -128}));
}

TEST(Pad, ChannelsLastTensorPadsItsLogicalHeight) {
  // [1, 2, 1, 1] NHWC -> pad H by one row on top: out [1, 2, 2, 1].
  OwnedTensor in(ScalarType::Char, {1, 2, 1, 1}, {0, 2, 3, 1});
  OwnedTensor out(ScalarType::Char, {1, 2, 2, 1}, {0, 2, 3, 1});
  in.set<int8_t>({7, 8});
  Args args;
  args.tensor(in).int_list({0, 0, 1, 0}).int_list({0, 0, 0, 0}).integer(5).out(out);
  ASSERT_EQ(run_kernel(&pad_out, args), Error::Ok);
  // NHWC bytes: row 0 (pad) c0 c1, row 1 c0 c1.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{5, 5, 7, 8}));
}

TEST(Pad, RejectsPaddingOfAMissingDim) {
  OwnedTensor in(ScalarType::Char, {2});
  OwnedTensor out(ScalarType::Char, {3});
  Args args;
  args.tensor(in).int_list({1, 0, 0, 0}).int_list({0, 0, 0, 1}).integer(0).out(out);
  EXPECT_EQ(run_kernel(&pad_out, args), Error::InvalidArgument);
}

TEST(Transpose, PermutesLogicalDims) {
  OwnedTensor in(ScalarType::Char, {2, 3});
  OwnedTensor out(ScalarType::Char, {3, 2});
  in.set<int8_t>({1, 2, 3, 4, 5, 6});
  Args args;
  args.tensor(in).int_list({1, 0}).out(out);
  ASSERT_EQ(run_kernel(&transpose_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, 4, 2, 5, 3, 6}));
}

TEST(Transpose, ThreeDimsWithNegativeIndex) {
  OwnedTensor in(ScalarType::Char, {2, 1, 3});
  OwnedTensor out(ScalarType::Char, {3, 2, 1});
  in.set<int8_t>({1, 2, 3, 4, 5, 6});
  Args args;
  args.tensor(in).int_list({-1, 0, 1}).out(out);
  ASSERT_EQ(run_kernel(&transpose_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, 4, 2, 5, 3, 6}));
}

TEST(Transpose, RejectsRepeatedDim) {
  OwnedTensor in(ScalarType::Char, {2, 3});
  OwnedTensor out(ScalarType::Char, {3, 2});
  Args args;
  args.tensor(in).int_list({1, 1}).out(out);
  EXPECT_EQ(run_kernel(&transpose_out, args), Error::InvalidArgument);
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
