// conv2d, depthwise conv2d, linear and batch matmul: hand-derived cases plus
// checks against a naive loop written over logical NCHW indices.
#include <gtest/gtest.h>

#include <string>

#include "kernels/cortex_m/ops.h"
#include "platform/host/log.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"
#include "tests/kernels/cortex_m/reference.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

const std::vector<uint8_t> kNhwc = {0, 2, 3, 1};

std::vector<int8_t> random_int8(test::Lcg& rng, size_t n) {
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(rng.range(-128, 127));
  return v;
}

TEST(QuantizedConv2d, OneByOneHandCase) {
  // input [1, 2, 1, 1] (c0 = 3, c1 = -2), zp 1; weight [1, 1, 1, 2] = (2, 5); bias 7.
  // acc = 7 + (3 - 1) * 2 + (-2 - 1) * 5 = -4; * 0.5 = -2 (ties up: -2); + zp 5 = 3.
  OwnedTensor in(ScalarType::Char, {1, 2, 1, 1}, kNhwc);
  OwnedTensor w(ScalarType::Char, {1, 1, 1, 2});
  OwnedTensor bias(ScalarType::Int, {1});
  OwnedTensor mult(ScalarType::Int, {1});
  OwnedTensor shift(ScalarType::Int, {1});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 1, 1}, kNhwc);
  in.set<int8_t>({3, -2});
  w.set<int8_t>({2, 5});
  bias.set<int32_t>({7});
  mult.set<int32_t>({1 << 30});
  shift.set<int32_t>({0});
  Args args;
  args.tensor(in).tensor(w).tensor(bias).int_list({1, 1}).int_list({0, 0}).int_list({1, 1});
  args.integer(-1).integer(5).tensor(mult).tensor(shift).integer(-128).integer(127);
  args.tensor(scratch).out(out);
  ASSERT_EQ(run_kernel(&quantized_conv2d_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{3}));
}

struct ConvCase {
  int n, c_in, h, w, c_out, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups;
};

// Naive grouped conv over logical indices; tensors addressed through strides.
void check_conv(const ConvCase& k, bool with_scratch) {
  test::Lcg rng(static_cast<uint32_t>(k.c_in * 131 + k.kh * 17 + k.groups));
  const int oh = (k.h + 2 * k.pad_h - k.dil_h * (k.kh - 1) - 1) / k.stride_h + 1;
  const int ow = (k.w + 2 * k.pad_w - k.dil_w * (k.kw - 1) - 1) / k.stride_w + 1;
  const int cin_g = k.c_in / k.groups;
  OwnedTensor in(ScalarType::Char, {k.n, k.c_in, k.h, k.w}, kNhwc);
  OwnedTensor w(ScalarType::Char, {k.c_out, k.kh, k.kw, cin_g});
  OwnedTensor bias(ScalarType::Int, {k.c_out});
  OwnedTensor mult(ScalarType::Int, {k.c_out});
  OwnedTensor shift(ScalarType::Int, {k.c_out});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {k.n, k.c_out, oh, ow}, kNhwc);
  const auto iv = random_int8(rng, in.tensor().numel);
  const auto wv = random_int8(rng, w.tensor().numel);
  std::vector<int32_t> bv(k.c_out), mv(k.c_out), sv(k.c_out);
  for (int c = 0; c < k.c_out; ++c) {
    bv[c] = rng.range(-5000, 5000);
    mv[c] = static_cast<int32_t>(rng.next() | 0x40000000u) & 0x7fffffff;
    sv[c] = rng.range(-12, 2);
  }
  in.set_vector(iv);
  w.set_vector(wv);
  bias.set_vector(bv);
  mult.set_vector(mv);
  shift.set_vector(sv);
  const int in_zp = 9;
  const int out_zp = -17;
  Args args;
  args.tensor(in).tensor(w).tensor(bias).int_list({k.stride_h, k.stride_w});
  args.int_list({k.pad_h, k.pad_w}).int_list({k.dil_h, k.dil_w});
  args.integer(-in_zp).integer(out_zp).tensor(mult).tensor(shift).integer(-120).integer(110);
  if (with_scratch) args.tensor(scratch);
  args.out(out);
  ASSERT_EQ(run_kernel(&quantized_conv2d_out, args), Error::Ok);
  const Tensor& ti = in.tensor();
  const Tensor& to = out.tensor();
  const auto ov = out.values<int8_t>();
  for (int n = 0; n < k.n; ++n)
    for (int oc = 0; oc < k.c_out; ++oc)
      for (int y = 0; y < oh; ++y)
        for (int x = 0; x < ow; ++x) {
          const int g = oc / (k.c_out / k.groups);
          int64_t acc = bv[oc];
          for (int ic = 0; ic < cin_g; ++ic)
            for (int ky = 0; ky < k.kh; ++ky)
              for (int kx = 0; kx < k.kw; ++kx) {
                const int iy = y * k.stride_h - k.pad_h + ky * k.dil_h;
                const int ix = x * k.stride_w - k.pad_w + kx * k.dil_w;
                if (iy < 0 || ix < 0 || iy >= k.h || ix >= k.w) continue;
                const int c = g * cin_g + ic;
                const int8_t v = iv[n * ti.strides[0] + c * ti.strides[1] + iy * ti.strides[2] +
                                    ix * ti.strides[3]];
                acc += (v - in_zp) * wv[((oc * k.kh + ky) * k.kw + kx) * cin_g + ic];
              }
          const int32_t expected = test::ref_clamp(
              test::ref_requantize(static_cast<int32_t>(acc), mv[oc], sv[oc]) + out_zp, -120, 110);
          ASSERT_EQ(
              ov[n * to.strides[0] + oc * to.strides[1] + y * to.strides[2] + x * to.strides[3]],
              expected)
              << n << " " << oc << " " << y << " " << x;
        }
}

TEST(QuantizedConv2d, AgreesWithNaiveLoop) {
  check_conv({1, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1}, true);
  check_conv({2, 4, 7, 5, 6, 3, 2, 2, 1, 1, 0, 1, 2, 1}, true);
  check_conv({1, 4, 6, 6, 4, 3, 3, 1, 2, 2, 1, 2, 1, 2}, false);  // grouped, dilated, 14 args
}

TEST(QuantizedConv2d, RejectsWeightThatDoesNotMatchChannels) {
  OwnedTensor in(ScalarType::Char, {1, 3, 2, 2}, kNhwc);
  OwnedTensor w(ScalarType::Char, {1, 1, 1, 2});
  OwnedTensor mult(ScalarType::Int, {1});
  OwnedTensor shift(ScalarType::Int, {1});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  Args args;
  args.tensor(in).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1});
  args.integer(0).integer(0).tensor(mult).tensor(shift).integer(-128).integer(127);
  args.tensor(scratch).out(out);
  EXPECT_EQ(run_kernel(&quantized_conv2d_out, args), Error::InvalidArgument);
}

TEST(QuantizedConv2d, RejectsNchwActivation) {
  OwnedTensor in(ScalarType::Char, {1, 2, 2, 2});  // contiguous NCHW bytes
  OwnedTensor w(ScalarType::Char, {1, 1, 1, 2});
  OwnedTensor mult(ScalarType::Int, {1});
  OwnedTensor shift(ScalarType::Int, {1});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  Args args;
  args.tensor(in).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1});
  args.integer(0).integer(0).tensor(mult).tensor(shift).integer(-128).integer(127);
  args.tensor(scratch).out(out);
  EXPECT_EQ(run_kernel(&quantized_conv2d_out, args), Error::InvalidArgument);
}

// Runs a 1x1 conv2d (or depthwise conv2d) over a 1x1x2x2 input with the
// given input_offset; returns the failure and appends the log to *log.
Error run_with_input_offset(bool depthwise, int64_t input_offset, std::string* log) {
  OwnedTensor in(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  OwnedTensor w(ScalarType::Char, {1, 1, 1, 1});
  OwnedTensor mult(ScalarType::Int, {1});
  OwnedTensor shift(ScalarType::Int, {1});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
  in.set<int8_t>({1, 2, 3, 4});
  w.set<int8_t>({3});
  mult.set<int32_t>({1 << 30});
  shift.set<int32_t>({0});
  Args args;
  args.tensor(in).tensor(w).none().int_list({1, 1}).int_list({0, 0}).int_list({1, 1});
  if (depthwise) args.integer(1);  // depth_multiplier
  args.integer(input_offset).integer(0).tensor(mult).tensor(shift).integer(-128).integer(127);
  args.tensor(scratch).out(out);
  host::set_log_sink(
      [](LogLevel, const char* message, void* user) {
        static_cast<std::string*>(user)->append(message).append("\n");
      },
      log);
  const Error error =
      run_kernel(depthwise ? &quantized_depthwise_conv2d_out : &quantized_conv2d_out, args);
  host::set_log_sink(nullptr, nullptr);
  return error;
}

TEST(QuantizedConv2d, InputOffsetIsCmsisNnRange) {
  // [-127, 128]: -input_offset, the Helium kernels' padding value, is an int8.
  for (const bool depthwise : {false, true}) {
    for (const int64_t offset : {-127, 128}) {
      std::string log;
      EXPECT_EQ(run_with_input_offset(depthwise, offset, &log), Error::Ok) << offset << log;
    }
    for (const int64_t offset : {-128, 129}) {
      std::string log;
      EXPECT_EQ(run_with_input_offset(depthwise, offset, &log), Error::InvalidArgument) << offset;
      EXPECT_NE(log.find("input_offset"), std::string::npos) << log;
      EXPECT_NE(log.find("[-127, 128]"), std::string::npos) << log;
    }
  }
}

void check_depthwise(int c_in, int mult_ch, int h, int w, int kh, int kw, int stride, int pad,
                     int dil, std::vector<uint8_t> in_order, bool with_scratch) {
  test::Lcg rng(static_cast<uint32_t>(c_in * 7 + mult_ch * 3 + kh));
  const int c_out = c_in * mult_ch;
  const int oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1;
  const int ow = (w + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
  OwnedTensor in(ScalarType::Char, {1, c_in, h, w}, in_order);
  OwnedTensor wt(ScalarType::Char, {1, kh, kw, c_out});
  OwnedTensor mult(ScalarType::Int, {c_out});
  OwnedTensor shift(ScalarType::Int, {c_out});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, c_out, oh, ow}, kNhwc);
  const auto iv = random_int8(rng, in.tensor().numel);
  const auto wv = random_int8(rng, wt.tensor().numel);
  std::vector<int32_t> mv(c_out), sv(c_out);
  for (int c = 0; c < c_out; ++c) {
    mv[c] = static_cast<int32_t>(rng.next() | 0x40000000u) & 0x7fffffff;
    sv[c] = rng.range(-10, 1);
  }
  in.set_vector(iv);
  wt.set_vector(wv);
  mult.set_vector(mv);
  shift.set_vector(sv);
  Args args;
  args.tensor(in).tensor(wt).none().int_list({stride, stride}).int_list({pad, pad});
  args.int_list({dil, dil}).integer(mult_ch).integer(128).integer(-128).tensor(mult).tensor(shift);
  args.integer(-128).integer(127);
  if (with_scratch) args.tensor(scratch);
  args.out(out);
  ASSERT_EQ(run_kernel(&quantized_depthwise_conv2d_out, args), Error::Ok);
  const Tensor& ti = in.tensor();
  const Tensor& to = out.tensor();
  const auto ov = out.values<int8_t>();
  for (int oc = 0; oc < c_out; ++oc)
    for (int y = 0; y < oh; ++y)
      for (int x = 0; x < ow; ++x) {
        int64_t acc = 0;
        for (int ky = 0; ky < kh; ++ky)
          for (int kx = 0; kx < kw; ++kx) {
            const int iy = y * stride - pad + ky * dil;
            const int ix = x * stride - pad + kx * dil;
            if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
            const int8_t v =
                iv[(oc / mult_ch) * ti.strides[1] + iy * ti.strides[2] + ix * ti.strides[3]];
            acc += (v + 128) * wv[(ky * kw + kx) * c_out + oc];
          }
        const int32_t expected = test::ref_clamp(
            test::ref_requantize(static_cast<int32_t>(acc), mv[oc], sv[oc]) - 128, -128, 127);
        ASSERT_EQ(ov[oc * to.strides[1] + y * to.strides[2] + x * to.strides[3]], expected)
            << oc << " " << y << " " << x;
      }
}

TEST(QuantizedDepthwiseConv2d, AgreesWithNaiveLoop) {
  check_depthwise(3, 1, 6, 5, 3, 3, 1, 1, 1, kNhwc, true);
  check_depthwise(2, 3, 7, 7, 3, 3, 2, 1, 2, kNhwc, false);  // 15-arg form
}

TEST(QuantizedDepthwiseConv2d, AcceptsSingleChannelInputWithAnyDimOrder) {
  // KeywordSpotting's first layer: CHAR[1, 1, 49, 10] with dim_order 0,2,1,3,
  // a 10x4 kernel, stride 2, padding (5, 1), depth multiplier 64.
  test::Lcg rng(3);
  OwnedTensor in(ScalarType::Char, {1, 1, 49, 10}, {0, 2, 1, 3});
  OwnedTensor wt(ScalarType::Char, {1, 10, 4, 64});
  OwnedTensor bias(ScalarType::Int, {64});
  OwnedTensor mult(ScalarType::Int, {64});
  OwnedTensor shift(ScalarType::Int, {64});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 64, 25, 5}, kNhwc);
  in.set_vector(random_int8(rng, in.tensor().numel));
  wt.set_vector(random_int8(rng, wt.tensor().numel));
  std::vector<int32_t> mv(64, 1 << 30), sv(64, -8);
  mult.set_vector(mv);
  shift.set_vector(sv);
  Args args;
  args.tensor(in).tensor(wt).tensor(bias).int_list({2, 2}).int_list({5, 1}).int_list({1, 1});
  args.integer(64).integer(-68).integer(-128).tensor(mult).tensor(shift).integer(-128);
  args.integer(127).tensor(scratch).out(out);
  EXPECT_EQ(run_kernel(&quantized_depthwise_conv2d_out, args), Error::Ok);
}

TEST(QuantizedLinear, PerTensorHandCase) {
  // input (1, -1) with offset 2 -> (3, 1); weights [[1, 2], [-3, 4]]; bias (10, -10).
  // acc0 = 10 + 3 + 2 = 15 -> * 0.5 = 7.5 -> 8 -> + 23 = 31
  // acc1 = -10 - 9 + 4 = -15 -> -7.5 -> -7 (ties up) -> 16
  OwnedTensor in(ScalarType::Char, {1, 2});
  OwnedTensor w(ScalarType::Char, {2, 2});
  OwnedTensor bias(ScalarType::Int, {2});
  OwnedTensor out(ScalarType::Char, {1, 2});
  in.set<int8_t>({1, -1});
  w.set<int8_t>({1, 2, -3, 4});
  bias.set<int32_t>({10, -10});
  Args args;
  args.tensor(in).tensor(w).tensor(bias).none().integer(2).integer(0).integer(23);
  args.int_list({1 << 30}).int_list({0}).integer(127).integer(-128).out(out);
  ASSERT_EQ(run_kernel(&quantized_linear_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{31, 16}));
}

TEST(QuantizedLinear, PerChannelWithActivationOrderMaxThenMin) {
  OwnedTensor in(ScalarType::Char, {2, 1});
  OwnedTensor w(ScalarType::Char, {2, 1});
  OwnedTensor out(ScalarType::Char, {2, 2});
  in.set<int8_t>({100, -100});
  w.set<int8_t>({1, 1});
  // Channel 0 scales by 1 (2^30 << 1), channel 1 by 0.25; clamp [-50, 60].
  Args args;
  args.tensor(in).tensor(w).none().none().integer(0).integer(0).integer(0);
  args.int_list({1 << 30, 1 << 30}).int_list({1, -1}).integer(60).integer(-50).out(out);
  ASSERT_EQ(run_kernel(&quantized_linear_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{60, 25, -50, -25}));
}

TEST(QuantizedLinear, KernelSumStandsInForBias) {
  // kernel_sum = sum_k w * input_offset + bias = (1 + 2) * 2 + 10 = 16.
  OwnedTensor in(ScalarType::Char, {1, 2});
  OwnedTensor w(ScalarType::Char, {1, 2});
  OwnedTensor kernel_sum(ScalarType::Int, {1});
  OwnedTensor out(ScalarType::Char, {1, 1});
  in.set<int8_t>({1, -1});
  w.set<int8_t>({1, 2});
  kernel_sum.set<int32_t>({16});
  Args args;
  args.tensor(in).tensor(w).none().tensor(kernel_sum).integer(2).integer(0).integer(0);
  args.int_list({1 << 30}).int_list({1}).integer(127).integer(-128).out(out);
  ASSERT_EQ(run_kernel(&quantized_linear_out, args), Error::Ok);
  // acc = 16 + 1 - 2 = 15 = 10 + (3 * 1 + 1 * 2); * 1 = 15.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{15}));
}

TEST(QuantizedLinear, RejectsMismatchedRequantizeCount) {
  OwnedTensor in(ScalarType::Char, {1, 2});
  OwnedTensor w(ScalarType::Char, {3, 2});
  OwnedTensor out(ScalarType::Char, {1, 3});
  Args args;
  args.tensor(in).tensor(w).none().none().integer(0).integer(0).integer(0);
  args.int_list({1 << 30, 1 << 30}).int_list({0, 0}).integer(127).integer(-128).out(out);
  EXPECT_EQ(run_kernel(&quantized_linear_out, args), Error::InvalidArgument);
}

// The hand case of PerTensorHandCase with each argument replaced by `edit`.
Error run_hand_linear(void (*edit)(Args&, OwnedTensor& bias), std::vector<int8_t>* result) {
  OwnedTensor in(ScalarType::Char, {1, 2});
  OwnedTensor w(ScalarType::Char, {2, 2});
  OwnedTensor bias(ScalarType::Int, {2});
  OwnedTensor out(ScalarType::Char, {1, 2});
  in.set<int8_t>({1, -1});
  w.set<int8_t>({1, 2, -3, 4});
  bias.set<int32_t>({10, -10});
  Args args;
  args.tensor(in).tensor(w);
  edit(args, bias);
  args.out(out);
  const Error error = run_kernel(&quantized_linear_out, args);
  if (result != nullptr) *result = out.values<int8_t>();
  return error;
}

TEST(QuantizedLinear, DoubleScalarsGiveTheIntResult) {
  // Scalar-typed arguments may arrive as Double: the checked path takes them.
  std::vector<int8_t> out;
  ASSERT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().real(2.0).integer(0).real(23.0);
                  a.int_list({1 << 30}).int_list({0}).real(127.0).integer(-128);
                },
                &out),
            Error::Ok);
  EXPECT_EQ(out, (std::vector<int8_t>{31, 16}));
}

TEST(QuantizedLinear, RejectsInt64ValuesWhoseLowWordFits) {
  // 2^32 + 2 has the low word 2: the whole int64 must be checked.
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().integer((int64_t{1} << 32) + 2).integer(0).integer(23);
                  a.int_list({1 << 30}).int_list({0}).integer(127).integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().integer(2).integer(0).integer(23);
                  a.int_list({1 << 30}).int_list({int64_t{1} << 32}).integer(127).integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().integer(2).integer(0).integer(23);
                  a.int_list({(int64_t{1} << 32) + (1 << 30)}).int_list({0}).integer(127);
                  a.integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
}

TEST(QuantizedLinear, RejectsOutOfRangeRequantization) {
  for (int64_t shift : {int64_t{32}, int64_t{-32}}) {
    static int64_t g_shift;
    g_shift = shift;
    EXPECT_EQ(run_hand_linear(
                  [](Args& a, OwnedTensor& bias) {
                    a.tensor(bias).none().integer(2).integer(0).integer(23);
                    a.int_list({1 << 30}).int_list({g_shift}).integer(127).integer(-128);
                  },
                  nullptr),
              Error::InvalidArgument)
        << shift;
  }
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().integer(2).integer(0).integer(23);
                  a.int_list({int64_t{1} << 31}).int_list({0}).integer(127).integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
}

TEST(QuantizedLinear, RejectsBadBiasAndActivation) {
  // Bias of the wrong dtype, and activation_min above activation_max.
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor&) {
                  static OwnedTensor char_bias(ScalarType::Char, {2});
                  a.tensor(char_bias).none().integer(2).integer(0).integer(23);
                  a.int_list({1 << 30}).int_list({0}).integer(127).integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).none().integer(2).integer(0).integer(23);
                  a.int_list({1 << 30}).int_list({0}).integer(10).integer(11);
                },
                nullptr),
            Error::InvalidArgument);
  EXPECT_EQ(run_hand_linear(
                [](Args& a, OwnedTensor& bias) {
                  a.tensor(bias).integer(3).integer(2).integer(0).integer(23);
                  a.int_list({1 << 30}).int_list({0}).integer(127).integer(-128);
                },
                nullptr),
            Error::InvalidArgument);
}

TEST(QuantizedBatchMatmul, OffsetsAreAddedToValues) {
  // lhs [1, 1, 2] = (1, 2) + 1 -> (2, 3); rhs_T [1, 2, 2] rows (1, 1), (2, -1) - 1.
  // out0 = 2 * 0 + 3 * 0 = 0; out1 = 2 * 1 + 3 * (-2) = -4 -> * 0.5 = -2 -> + 7 = 5.
  OwnedTensor lhs(ScalarType::Char, {1, 1, 2});
  OwnedTensor rhs(ScalarType::Char, {1, 2, 2});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 2});
  lhs.set<int8_t>({1, 2});
  rhs.set<int8_t>({1, 1, 2, -1});
  Args args;
  args.tensor(lhs).integer(1).tensor(rhs).integer(-1).integer(7).integer(1 << 30).integer(0);
  args.tensor(scratch).out(out);
  ASSERT_EQ(run_kernel(&quantized_batch_matmul_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{7, 5}));
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
