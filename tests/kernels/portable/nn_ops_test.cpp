// Convolution, matmul, pooling and normalisation against straightforward
// double-precision reference loops written here.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "kernels/portable/ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

std::vector<float> random_values(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], tol * (1.0 + std::fabs(want[i]))) << "at " << i;
  }
}

struct ConvCase {
  int n, cin, h, w, cout, kh, kw, stride, pad, dil, groups;
  bool channels_last;
};

// Reference: out[n][oc][oh][ow] = b[oc] + sum w * x over the group's inputs.
std::vector<double> reference_conv(const ConvCase& c, const std::vector<float>& x,
                                   const std::vector<float>& w, const std::vector<float>& b,
                                   int oh_n, int ow_n) {
  std::vector<double> out;
  const int cin_g = c.cin / c.groups, cout_g = c.cout / c.groups;
  for (int n = 0; n < c.n; ++n)
    for (int oc = 0; oc < c.cout; ++oc)
      for (int oh = 0; oh < oh_n; ++oh)
        for (int ow = 0; ow < ow_n; ++ow) {
          double s = b[oc];
          const int g = oc / cout_g;
          for (int ic = 0; ic < cin_g; ++ic)
            for (int kh = 0; kh < c.kh; ++kh)
              for (int kw = 0; kw < c.kw; ++kw) {
                const int ih = oh * c.stride - c.pad + kh * c.dil;
                const int iw = ow * c.stride - c.pad + kw * c.dil;
                if (ih < 0 || ih >= c.h || iw < 0 || iw >= c.w) continue;
                s += static_cast<double>(w[((oc * cin_g + ic) * c.kh + kh) * c.kw + kw]) *
                     x[((n * c.cin + g * cin_g + ic) * c.h + ih) * c.w + iw];
              }
          out.push_back(s);
        }
  return out;
}

class ConvTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(ConvTest, MatchesReference) {
  const ConvCase c = GetParam();
  const int oh = (c.h + 2 * c.pad - c.dil * (c.kh - 1) - 1) / c.stride + 1;
  const int ow = (c.w + 2 * c.pad - c.dil * (c.kw - 1) - 1) / c.stride + 1;
  const std::vector<uint8_t> order =
      c.channels_last ? std::vector<uint8_t>{0, 2, 3, 1} : std::vector<uint8_t>{};
  TestTensor x(ScalarType::Float, {c.n, c.cin, c.h, c.w}, order);
  TestTensor w(ScalarType::Float, {c.cout, c.cin / c.groups, c.kh, c.kw});
  TestTensor b(ScalarType::Float, {c.cout});
  TestTensor out(ScalarType::Float, {c.n, c.cout, oh, ow}, order);
  const auto xv = random_values(x.t().numel, 1);
  const auto wv = random_values(w.t().numel, 2);
  const auto bv = random_values(b.t().numel, 3);
  x.setf(xv);
  w.setf(wv);
  b.setf(bv);
  ArgList args;
  args.tensor(x).tensor(w).tensor(b).int_list({c.stride, c.stride}).int_list({c.pad, c.pad})
      .int_list({c.dil, c.dil}).boolean(false).int_list({0, 0}).integer(c.groups).tensor(out)
      .same_as(9);
  ASSERT_EQ(run_kernel(&portable::convolution_out, args), Error::Ok);
  const std::vector<double> want = reference_conv(c, xv, wv, bv, oh, ow);
  expect_close(out.values(), want, 1e-5);
  if (!c.channels_last) {
    // No temp memory: the GEMM / padded-plane paths give way to the direct
    // loops (contiguous tensors need no layout copies), with the same result.
    out.setf(std::vector<float>(want.size(), 0.0f));
    ASSERT_EQ(run_kernel(&portable::convolution_out, args, "test_op", 0), Error::Ok);
    expect_close(out.values(), want, 1e-5);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvTest,
    ::testing::Values(ConvCase{1, 3, 7, 6, 5, 3, 3, 1, 1, 1, 1, false},   // general, 5 = 4 + 1 block
                      ConvCase{2, 4, 8, 8, 8, 1, 1, 1, 0, 1, 1, false},   // pointwise -> gemm
                      ConvCase{1, 6, 9, 7, 6, 3, 3, 2, 1, 1, 6, false},   // depthwise stride 2
                      ConvCase{1, 4, 9, 9, 8, 3, 3, 1, 2, 2, 4, false},   // depthwise x2, dilated
                      ConvCase{1, 4, 6, 6, 6, 2, 3, 2, 0, 1, 2, false},   // grouped, rectangular
                      ConvCase{1, 3, 6, 5, 4, 3, 3, 1, 1, 1, 1, true},    // channels-last in/out
                      ConvCase{1, 2, 3, 3, 2, 3, 3, 3, 2, 1, 1, false},   // pad beyond input
                      ConvCase{2, 3, 5, 19, 9, 3, 3, 1, 1, 1, 1, false},  // interior chunks + tails
                      ConvCase{1, 4, 11, 21, 8, 3, 3, 2, 2, 2, 2, false}, // strided, dilated, groups
                      ConvCase{1, 2, 12, 17, 16, 5, 5, 1, 2, 1, 1, true},    // 5x5, channels-last
                      ConvCase{1, 8, 10, 23, 13, 3, 3, 1, 1, 1, 1, false},  // gemm: panels straddle rows, 6-row tail
                      ConvCase{1, 32, 6, 7, 8, 3, 3, 1, 1, 1, 1, false},    // gemm depth 288 > one 256 panel
                      ConvCase{2, 6, 11, 9, 12, 3, 3, 2, 1, 1, 1, false},   // gemm stride 2
                      ConvCase{1, 5, 13, 40, 5, 5, 5, 2, 2, 1, 5, false})); // depthwise 5x5 s2, wide rows

TEST(Conv, TransposedMatchesScatterReference) {
  // [1, 2, 3, 3] -> stride 2, pad 1, output_padding 1, weight [2, 3, 3, 3].
  TestTensor x(ScalarType::Float, {1, 2, 3, 3});
  TestTensor w(ScalarType::Float, {2, 3, 3, 3});
  const auto xv = random_values(18, 4);
  const auto wv = random_values(54, 5);
  x.setf(xv);
  w.setf(wv);
  const int oh = (3 - 1) * 2 - 2 + 2 + 1 + 1;  // 6
  TestTensor out(ScalarType::Float, {1, 3, oh, oh});
  ArgList args;
  args.tensor(x).tensor(w).none().int_list({2, 2}).int_list({1, 1}).int_list({1, 1})
      .boolean(true).int_list({1, 1}).integer(1).tensor(out).same_as(9);
  ASSERT_EQ(run_kernel(&portable::convolution_out, args), Error::Ok);
  std::vector<double> want(3 * oh * oh, 0.0);
  for (int ic = 0; ic < 2; ++ic)
    for (int ih = 0; ih < 3; ++ih)
      for (int iw = 0; iw < 3; ++iw)
        for (int oc = 0; oc < 3; ++oc)
          for (int kh = 0; kh < 3; ++kh)
            for (int kw = 0; kw < 3; ++kw) {
              const int y = ih * 2 - 1 + kh, z = iw * 2 - 1 + kw;
              if (y < 0 || y >= oh || z < 0 || z >= oh) continue;
              want[(oc * oh + y) * oh + z] +=
                  static_cast<double>(xv[(ic * 3 + ih) * 3 + iw]) * wv[((ic * 3 + oc) * 3 + kh) * 3 + kw];
            }
  expect_close(out.values(), want, 1e-5);
}

TEST(Conv, Conv1dUsesLastDim) {
  TestTensor x(ScalarType::Float, {1, 1, 5});
  x.setf({1, 2, 3, 4, 5});
  TestTensor w(ScalarType::Float, {1, 1, 2});
  w.setf({1, -1});
  TestTensor out(ScalarType::Float, {1, 1, 4});
  ArgList args;
  args.tensor(x).tensor(w).none().int_list({1}).int_list({0}).int_list({1}).boolean(false)
      .int_list({0}).integer(1).tensor(out).same_as(9);
  ASSERT_EQ(run_kernel(&portable::convolution_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{-1, -1, -1, -1}));
}

TEST(Conv, BadGroupsAndShapesFail) {
  TestTensor x(ScalarType::Float, {1, 3, 4, 4});
  TestTensor w(ScalarType::Float, {4, 3, 3, 3});
  TestTensor out(ScalarType::Float, {1, 4, 2, 2});
  ArgList groups;
  groups.tensor(x).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1})
      .boolean(false).int_list({0, 0}).integer(2).tensor(out).same_as(9);
  EXPECT_EQ(run_kernel(&portable::convolution_out, groups), Error::InvalidArgument);
  TestTensor big_w(ScalarType::Float, {4, 3, 5, 5});
  ArgList too_big;
  too_big.tensor(x).tensor(big_w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1})
      .boolean(false).int_list({0, 0}).integer(1).tensor(out).same_as(9);
  EXPECT_EQ(run_kernel(&portable::convolution_out, too_big), Error::InvalidArgument);
  TestTensor xi(ScalarType::Int, {1, 3, 4, 4});
  ArgList dtype;
  dtype.tensor(xi).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1})
      .boolean(false).int_list({0, 0}).integer(1).tensor(out).same_as(9);
  EXPECT_EQ(run_kernel(&portable::convolution_out, dtype), Error::InvalidArgument);
}

TEST(Conv, TooSmallTempArenaFailsCleanly) {
  TestTensor x(ScalarType::Float, {1, 3, 8, 8}, {0, 2, 3, 1});
  TestTensor w(ScalarType::Float, {2, 3, 3, 3});
  TestTensor out(ScalarType::Float, {1, 2, 6, 6});
  ArgList args;
  args.tensor(x).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1})
      .boolean(false).int_list({0, 0}).integer(1).tensor(out).same_as(9);
  EXPECT_EQ(run_kernel(&portable::convolution_out, args, "conv", 64),
            Error::MemoryAllocationFailed);
}

std::vector<double> reference_mm(const std::vector<float>& a, const std::vector<float>& b, int m,
                                 int k, int n) {
  std::vector<double> c(m * n, 0.0);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j)
      for (int q = 0; q < k; ++q) c[i * n + j] += static_cast<double>(a[i * k + q]) * b[q * n + j];
  return c;
}

TEST(Matmul, MmMatchesReferenceAcrossBlockEdges) {
  const int m = 7, k = 300, n = 517;  // crosses the 256 / 512 blocks and the 4-row tail
  TestTensor a(ScalarType::Float, {m, k});
  TestTensor b(ScalarType::Float, {k, n});
  const auto av = random_values(m * k, 6);
  const auto bv = random_values(k * n, 7);
  a.setf(av);
  b.setf(bv);
  TestTensor out(ScalarType::Float, {m, n});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::mm_out, args), Error::Ok);
  expect_close(out.values(), reference_mm(av, bv, m, k, n), 1e-5);
}

TEST(Matmul, AddmmWithTransposedWeightAndBroadcastBias) {
  // mat2 is a [3, 2] view of a contiguous [2, 3] weight (column-major).
  TestTensor a(ScalarType::Float, {2, 3});
  a.setf({1, 2, 3, 4, 5, 6});
  TestTensor wt(ScalarType::Float, {3, 2}, {1, 0});
  wt.setf({1, 0, 0, 1, 1, 1});  // logical [[1,0],[0,1],[1,1]]
  TestTensor bias(ScalarType::Float, {2});
  bias.setf({10, 20});
  TestTensor out(ScalarType::Float, {2, 2});
  ArgList args;
  args.tensor(bias).tensor(a).tensor(wt).dbl(0.5).integer(2).tensor(out).same_as(5);
  ASSERT_EQ(run_kernel(&portable::addmm_out, args), Error::Ok);
  // a @ w = [[4, 5], [10, 11]]; out = 0.5 * bias + 2 * that.
  EXPECT_EQ(out.values(), (std::vector<double>{13, 20, 25, 32}));
}

TEST(Matmul, AddmmBetaZeroIgnoresNaN) {
  TestTensor a(ScalarType::Float, {1, 1});
  a.setf({2});
  TestTensor self(ScalarType::Float, {1, 1});
  self.setf({NAN});
  TestTensor out(ScalarType::Float, {1, 1});
  ArgList args;
  args.tensor(self).tensor(a).tensor(a).integer(0).integer(1).tensor(out).same_as(5);
  ASSERT_EQ(run_kernel(&portable::addmm_out, args), Error::Ok);
  EXPECT_EQ(out.values()[0], 4.0);
}

TEST(Matmul, BmmAndInt32Mm) {
  TestTensor a(ScalarType::Float, {2, 1, 2});
  a.setf({1, 2, 3, 4});
  TestTensor b(ScalarType::Float, {2, 2, 1});
  b.setf({1, 1, 2, -1});
  TestTensor out(ScalarType::Float, {2, 1, 1});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::bmm_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{3, 2}));
  TestTensor ai(ScalarType::Int, {1, 2});
  ai.seti({3, 4});
  TestTensor bi(ScalarType::Int, {2, 1});
  bi.seti({5, 6});
  TestTensor oi(ScalarType::Int, {1, 1});
  ArgList iargs;
  iargs.tensor(ai).tensor(bi).tensor(oi).same_as(2);
  ASSERT_EQ(run_kernel(&portable::mm_out, iargs), Error::Ok);
  EXPECT_EQ(oi.ints()[0], 39);
}

TEST(Matmul, InnerMismatchAndMixedDtypesFail) {
  TestTensor a(ScalarType::Float, {2, 3});
  TestTensor b(ScalarType::Float, {2, 3});
  TestTensor out(ScalarType::Float, {2, 3});
  ArgList args;
  args.tensor(a).tensor(b).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::mm_out, args), Error::InvalidArgument);
  TestTensor bi(ScalarType::Int, {3, 3});
  ArgList mixed;
  mixed.tensor(a).tensor(bi).tensor(out).same_as(2);
  EXPECT_EQ(run_kernel(&portable::mm_out, mixed), Error::InvalidArgument);
}

TEST(Linear, BatchedInput) {
  TestTensor x(ScalarType::Float, {2, 1, 3});
  x.setf({1, 2, 3, 4, 5, 6});
  TestTensor w(ScalarType::Float, {2, 3});
  w.setf({1, 0, 0, 0, 1, 1});
  TestTensor b(ScalarType::Float, {2});
  b.setf({0.5f, -0.5f});
  TestTensor out(ScalarType::Float, {2, 1, 2});
  ArgList args;
  args.tensor(x).tensor(w).tensor(b).tensor(out).same_as(3);
  ASSERT_EQ(run_kernel(&portable::linear_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{1.5, 4.5, 4.5, 10.5}));
}

TEST(MaxPool, IndicesPaddingAndCeilMode) {
  TestTensor x(ScalarType::Float, {1, 1, 3, 3});
  x.setf({1, 5, 2, 7, 3, 9, 4, 8, 6});
  // kernel 2, stride 2, ceil_mode: output 2x2 with partial windows.
  TestTensor out(ScalarType::Float, {1, 1, 2, 2});
  TestTensor idx(ScalarType::Long, {1, 1, 2, 2});
  ArgList args;
  args.tensor(x).int_list({2, 2}).int_list({2, 2}).int_list({0, 0}).int_list({1, 1})
      .boolean(true).tensor(out).tensor(idx).same_as(6).same_as(7);
  ASSERT_EQ(run_kernel(&portable::max_pool2d_with_indices_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{7, 9, 8, 6}));
  EXPECT_EQ(idx.ints(), (std::vector<int64_t>{3, 5, 7, 8}));
}

TEST(MaxPool, NaNPropagatesAndEmptyStrideMeansKernel) {
  TestTensor x(ScalarType::Float, {1, 2, 2});
  x.setf({1, NAN, 3, 2});
  TestTensor out(ScalarType::Float, {1, 1, 1});
  TestTensor idx(ScalarType::Long, {1, 1, 1});
  ArgList args;
  args.tensor(x).int_list({2}).int_list({}).int_list({0}).int_list({1}).boolean(false)
      .tensor(out).tensor(idx).same_as(6).same_as(7);
  ASSERT_EQ(run_kernel(&portable::max_pool2d_with_indices_out, args), Error::Ok);
  EXPECT_TRUE(std::isnan(out.values()[0]));
  EXPECT_EQ(idx.ints()[0], 1);
}

TEST(AvgPool, CountIncludePadAndDivisorOverride) {
  TestTensor x(ScalarType::Float, {1, 1, 2, 2});
  x.setf({1, 2, 3, 4});
  TestTensor out(ScalarType::Float, {1, 1, 2, 2});
  ArgList include;
  include.tensor(x).int_list({2, 2}).int_list({1, 1}).int_list({1, 1}).boolean(false)
      .boolean(true).none().tensor(out).same_as(7);
  // 3x3 outputs would need kernel 2 pad 1 stride 1: (2 + 2 - 2) / 1 + 1 = 3.
  EXPECT_EQ(run_kernel(&portable::avg_pool2d_out, include), Error::InvalidArgument);
  TestTensor out3(ScalarType::Float, {1, 1, 3, 3});
  ArgList inc3;
  inc3.tensor(x).int_list({2, 2}).int_list({1, 1}).int_list({1, 1}).boolean(false)
      .boolean(true).none().tensor(out3).same_as(7);
  ASSERT_EQ(run_kernel(&portable::avg_pool2d_out, inc3), Error::Ok);
  EXPECT_EQ(out3.values()[0], 0.25);  // only x[0][0] in a 4-cell padded window
  EXPECT_EQ(out3.values()[4], 2.5);
  ArgList exc;
  exc.tensor(x).int_list({2, 2}).int_list({1, 1}).int_list({1, 1}).boolean(false)
      .boolean(false).none().tensor(out3).same_as(7);
  ASSERT_EQ(run_kernel(&portable::avg_pool2d_out, exc), Error::Ok);
  EXPECT_EQ(out3.values()[0], 1.0);
  ArgList div;
  div.tensor(x).int_list({2, 2}).int_list({1, 1}).int_list({1, 1}).boolean(false)
      .boolean(true).integer(2).tensor(out3).same_as(7);
  ASSERT_EQ(run_kernel(&portable::avg_pool2d_out, div), Error::Ok);
  EXPECT_EQ(out3.values()[4], 5.0);
}

TEST(AdaptiveAvgPool, UnevenWindows) {
  TestTensor x(ScalarType::Float, {1, 1, 1, 5}, {0, 2, 3, 1});
  x.setf({1, 2, 3, 4, 5});
  TestTensor out(ScalarType::Float, {1, 1, 1, 3});
  ArgList args;
  args.tensor(x).int_list({1, 3}).tensor(out).same_as(2);
  ASSERT_EQ(run_kernel(&portable::adaptive_avg_pool2d_out, args), Error::Ok);
  // Windows [0,2), [1,4), [3,5).
  EXPECT_EQ(out.values(), (std::vector<double>{1.5, 3.0, 4.5}));
}

TEST(BatchNorm, NoTrainingAffine) {
  TestTensor x(ScalarType::Float, {1, 2, 1, 2});
  x.setf({1, 2, 3, 4});
  TestTensor w(ScalarType::Float, {2});
  w.setf({2, 1});
  TestTensor b(ScalarType::Float, {2});
  b.setf({0, 1});
  TestTensor mean(ScalarType::Float, {2});
  mean.setf({1, 3});
  TestTensor var(ScalarType::Float, {2});
  var.setf({4, 1});
  TestTensor out(ScalarType::Float, {1, 2, 1, 2});
  TestTensor sm(ScalarType::Float, {0});
  TestTensor si(ScalarType::Float, {0});
  ArgList args;
  args.tensor(x).tensor(w).tensor(b).tensor(mean).tensor(var).dbl(0.1).dbl(0.0).tensor(out)
      .tensor(sm).tensor(si).same_as(7).same_as(8).same_as(9);
  ASSERT_EQ(run_kernel(&portable::native_batch_norm_legit_no_training_out, args), Error::Ok);
  EXPECT_EQ(out.values(), (std::vector<double>{0, 1, 1, 2}));
}

TEST(LayerNorm, NormalisesLastDim) {
  TestTensor x(ScalarType::Float, {2, 2});
  x.setf({1, 3, 5, 5});
  TestTensor w(ScalarType::Float, {2});
  w.setf({1, 2});
  TestTensor out(ScalarType::Float, {2, 2});
  TestTensor mean(ScalarType::Float, {2, 1});
  TestTensor rstd(ScalarType::Float, {2, 1});
  ArgList args;
  args.tensor(x).int_list({2}).tensor(w).none().dbl(0.0).tensor(out).tensor(mean).tensor(rstd)
      .same_as(5).same_as(6).same_as(7);
  ASSERT_EQ(run_kernel(&portable::native_layer_norm_out, args), Error::Ok);
  const auto v = out.values();
  EXPECT_NEAR(v[0], -1.0, 1e-6);
  EXPECT_NEAR(v[1], 2.0, 1e-6);
  EXPECT_TRUE(std::isnan(v[2]));  // zero variance with eps 0 -> 0 * inf
  EXPECT_EQ(mean.values(), (std::vector<double>{2, 5}));
  EXPECT_NEAR(rstd.values()[0], 1.0, 1e-6);
}

}  // namespace
}  // namespace wick
