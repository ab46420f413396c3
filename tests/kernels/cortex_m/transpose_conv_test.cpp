// Transposed convolution: a hand case and a scatter-form naive loop (the
// kernel gathers, so the two formulations check each other).
#include <gtest/gtest.h>

#include "kernels/cortex_m/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"
#include "tests/kernels/cortex_m/reference.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

const std::vector<uint8_t> kNhwc = {0, 2, 3, 1};

TEST(QuantizedTransposeConv2d, StrideTwoHandCase) {
  // Input width 2 (1, 2), kernel 1x2 (1, 10), stride 2: outputs 1, 10, 2, 20.
  OwnedTensor in(ScalarType::Char, {1, 1, 1, 2}, kNhwc);
  OwnedTensor w(ScalarType::Char, {1, 1, 2, 1});
  OwnedTensor mult(ScalarType::Int, {1});
  OwnedTensor shift(ScalarType::Int, {1});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, 1, 1, 4}, kNhwc);
  in.set<int8_t>({1, 2});
  w.set<int8_t>({1, 10});
  mult.set<int32_t>({1 << 30});
  shift.set<int32_t>({1});
  Args args;
  args.tensor(in).tensor(w).none().int_list({2, 2}).int_list({0, 0}).int_list({0, 0});
  args.int_list({1, 1}).integer(0).integer(0).tensor(mult).tensor(shift).integer(-128);
  args.integer(127).tensor(scratch).tensor(scratch).out(out);
  ASSERT_EQ(run_kernel(&quantized_transpose_conv2d_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, 10, 2, 20}));
}

void check_transpose_conv(int c_in, int c_out, int h, int w, int kh, int kw, int stride, int pad,
                          int out_pad, int dil, bool with_scratch) {
  test::Lcg rng(static_cast<uint32_t>(c_in * 5 + kh * 11 + stride));
  const int oh = (h - 1) * stride - 2 * pad + dil * (kh - 1) + out_pad + 1;
  const int ow = (w - 1) * stride - 2 * pad + dil * (kw - 1) + out_pad + 1;
  OwnedTensor in(ScalarType::Char, {1, c_in, h, w}, kNhwc);
  OwnedTensor wt(ScalarType::Char, {c_out, kh, kw, c_in});
  OwnedTensor bias(ScalarType::Int, {c_out});
  OwnedTensor mult(ScalarType::Int, {c_out});
  OwnedTensor shift(ScalarType::Int, {c_out});
  OwnedTensor scratch(ScalarType::Byte, {0});
  OwnedTensor out(ScalarType::Char, {1, c_out, oh, ow}, kNhwc);
  std::vector<int8_t> iv(in.tensor().numel), wv(wt.tensor().numel);
  for (auto& v : iv) v = static_cast<int8_t>(rng.range(-128, 127));
  for (auto& v : wv) v = static_cast<int8_t>(rng.range(-127, 127));
  std::vector<int32_t> bv(c_out), mv(c_out), sv(c_out);
  for (int c = 0; c < c_out; ++c) {
    bv[c] = rng.range(-3000, 3000);
    mv[c] = static_cast<int32_t>(rng.next() | 0x40000000u) & 0x7fffffff;
    sv[c] = rng.range(-11, 0);
  }
  in.set_vector(iv);
  wt.set_vector(wv);
  bias.set_vector(bv);
  mult.set_vector(mv);
  shift.set_vector(sv);
  Args args;
  args.tensor(in).tensor(wt).tensor(bias).int_list({stride, stride}).int_list({pad, pad});
  args.int_list({out_pad, out_pad}).int_list({dil, dil}).integer(-3).integer(4);
  args.tensor(mult).tensor(shift).integer(-128).integer(127);
  if (with_scratch) args.tensor(scratch).tensor(scratch);
  args.out(out);
  ASSERT_EQ(run_kernel(&quantized_transpose_conv2d_out, args), Error::Ok);
  // Scatter every input pixel into an int64 accumulator image.
  std::vector<int64_t> acc(static_cast<size_t>(oh * ow * c_out), 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ky = 0; ky < kh; ++ky)
        for (int kx = 0; kx < kw; ++kx) {
          const int oy = y * stride - pad + ky * dil;
          const int ox = x * stride - pad + kx * dil;
          if (oy < 0 || ox < 0 || oy >= oh || ox >= ow) continue;
          for (int oc = 0; oc < c_out; ++oc)
            for (int ic = 0; ic < c_in; ++ic)
              acc[(oy * ow + ox) * c_out + oc] +=
                  (iv[(y * w + x) * c_in + ic] - 3) * wv[((oc * kh + ky) * kw + kx) * c_in + ic];
        }
  const auto ov = out.values<int8_t>();
  for (int i = 0; i < oh * ow * c_out; ++i) {
    const int oc = i % c_out;
    const int32_t expected = test::ref_clamp(
        test::ref_requantize(static_cast<int32_t>(acc[i] + bv[oc]), mv[oc], sv[oc]) + 4, -128, 127);
    ASSERT_EQ(ov[i], expected) << i;
  }
}

TEST(QuantizedTransposeConv2d, AgreesWithScatterLoop) {
  check_transpose_conv(3, 2, 4, 5, 3, 3, 2, 1, 1, 1, true);
  check_transpose_conv(2, 3, 3, 3, 2, 3, 1, 0, 0, 2, true);
  check_transpose_conv(4, 4, 2, 3, 4, 4, 3, 2, 2, 1, false);  // 15-arg form
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
