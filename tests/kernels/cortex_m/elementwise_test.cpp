// quantize/dequantize, add, mul, div, minimum/maximum and the LUT activation
// through their bindings, with hand-derived vectors.
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

constexpr int64_t kChar = static_cast<int64_t>(ScalarType::Char);

TEST(QuantizePerTensor, RoundsHalfToEvenAndClamps) {
  OwnedTensor in(ScalarType::Float, {1, 8});
  OwnedTensor out(ScalarType::Char, {1, 8});
  // scale 0.5: x * 2 = 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -1.5 -> -2.
  in.set<float>({0.25f, 0.75f, 1.25f, -0.25f, -0.75f, 1000.0f, -1000.0f, 10.0f});
  Args args;
  args.tensor(in).real(0.5).integer(3).integer(-128).integer(127).integer(kChar).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{3, 5, 5, 3, 1, 127, -128, 23}));
}

TEST(QuantizePerTensor, HonoursNarrowQuantRange) {
  OwnedTensor in(ScalarType::Float, {3});
  OwnedTensor out(ScalarType::Char, {3});
  in.set<float>({-100.0f, 0.0f, 100.0f});
  Args args;
  args.tensor(in).real(1.0).integer(-128).integer(-127).integer(127).integer(kChar).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{-127, -127, -28}));
}

TEST(QuantizePerTensor, RejectsNonInt8Dtype) {
  OwnedTensor in(ScalarType::Float, {1});
  OwnedTensor out(ScalarType::Char, {1});
  Args args;
  args.tensor(in).real(1.0).integer(0).integer(-128).integer(127).integer(0).out(out);
  EXPECT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::InvalidArgument);
}

TEST(DequantizePerTensor, SubtractsZeroPointThenScales) {
  OwnedTensor in(ScalarType::Char, {4});
  OwnedTensor out(ScalarType::Float, {4});
  in.set<int8_t>({-128, 127, 23, 0});
  Args args;
  args.tensor(in).real(0.25).integer(23).integer(-128).integer(127).integer(kChar).out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<float>(), (std::vector<float>{-37.75f, 26.0f, 0.0f, -5.75f}));
}

// Add with both inputs scaled by 1/2 after the 20-bit alignment and the
// output by 2^-20: out = round(round((a - zpa) / 2 + (b - zpb) / 2)) + zp.
Args add_args(OwnedTensor& a, int64_t a_zp, OwnedTensor& b, int64_t b_zp, int64_t out_zp,
              OwnedTensor& out, bool with_activation, int64_t act_min = -128,
              int64_t act_max = 127) {
  Args args;
  args.tensor(a).integer(a_zp).integer(1 << 30).integer(0);
  args.tensor(b).integer(b_zp).integer(1 << 30).integer(0);
  args.integer(out_zp).integer(1 << 30).integer(-19);
  if (with_activation) args.integer(act_min).integer(act_max);
  args.out(out);
  return args;
}

TEST(QuantizedAdd, RoundsTiesAwayFromZeroAndAddsZeroPoint) {
  OwnedTensor a(ScalarType::Char, {5});
  OwnedTensor b(ScalarType::Char, {5});
  OwnedTensor out(ScalarType::Char, {5});
  a.set<int8_t>({3, -3, 0, 127, -128});
  b.set<int8_t>({4, -4, 1, 127, -128});
  // (3+4)/2 = 3.5 -> 4; -3.5 -> -4; 0.5 -> 1; 127 -> 127 + 10 clamps; -128 + 10.
  Args args = add_args(a, 0, b, 0, 10, out, true);
  ASSERT_EQ(run_kernel(&quantized_add_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{14, 6, 11, 127, -118}));
}

TEST(QuantizedAdd, ExtremeZeroPointsAndActivationBounds) {
  OwnedTensor a(ScalarType::Char, {3});
  OwnedTensor b(ScalarType::Char, {3});
  OwnedTensor out(ScalarType::Char, {3});
  a.set<int8_t>({127, -128, 0});
  b.set<int8_t>({127, -128, 0});
  // zp -128 on both: (255 + 255) / 2 = 255, (0 + 0) / 2 = 0, (128 + 128) / 2 = 128.
  // Output zp -128 then clamp to [-100, 50].
  Args args = add_args(a, -128, b, -128, -128, out, true, -100, 50);
  ASSERT_EQ(run_kernel(&quantized_add_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{50, -100, 0}));
}

TEST(QuantizedAdd, OlderThirteenArgumentFormClampsToInt8) {
  OwnedTensor a(ScalarType::Char, {2});
  OwnedTensor b(ScalarType::Char, {2});
  OwnedTensor out(ScalarType::Char, {2});
  a.set<int8_t>({100, -100});
  b.set<int8_t>({100, -100});
  Args args = add_args(a, -100, b, 100, 0, out, false);
  // (200 + 0) / 2 = 100; (0 - 200) / 2 = -100.
  ASSERT_EQ(run_kernel(&quantized_add_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{100, -100}));
}

TEST(QuantizedAdd, BroadcastsAChannelVectorOverNhwc) {
  // a: [1, 2, 1, 2] channels-last (bytes h0w0c0 h0w0c1 h0w1c0 ...); b: [1, 2, 1, 1].
  OwnedTensor a(ScalarType::Char, {1, 2, 1, 2}, {0, 2, 3, 1});
  OwnedTensor b(ScalarType::Char, {1, 2, 1, 1});
  OwnedTensor out(ScalarType::Char, {1, 2, 1, 2}, {0, 2, 3, 1});
  a.set<int8_t>({10, 20, 30, 40});  // (w0: c0=10, c1=20), (w1: c0=30, c1=40)
  b.set<int8_t>({2, 4});            // c0 = 2, c1 = 4
  Args args = add_args(a, 0, b, 0, 0, out, true);
  ASSERT_EQ(run_kernel(&quantized_add_out, args), Error::Ok);
  // (10+2)/2 = 6, (20+4)/2 = 12, (30+2)/2 = 16, (40+4)/2 = 22.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{6, 12, 16, 22}));
}

TEST(QuantizedAdd, AgreesWithScalarFormulaOnRandomData) {
  test::Lcg rng(7);
  OwnedTensor a(ScalarType::Char, {64});
  OwnedTensor b(ScalarType::Char, {64});
  OwnedTensor out(ScalarType::Char, {64});
  std::vector<int8_t> av(64);
  std::vector<int8_t> bv(64);
  for (int i = 0; i < 64; ++i) {
    av[i] = static_cast<int8_t>(rng.range(-128, 127));
    bv[i] = static_cast<int8_t>(rng.range(-128, 127));
  }
  a.set_vector(av);
  b.set_vector(bv);
  Args args;
  args.tensor(a).integer(-7).integer(1518500250).integer(-1);
  args.tensor(b).integer(12).integer(1073741824).integer(0);
  args.integer(-5).integer(1395864371).integer(-18).integer(-128).integer(127).out(out);
  ASSERT_EQ(run_kernel(&quantized_add_out, args), Error::Ok);
  const std::vector<int8_t> got = out.values<int8_t>();
  for (int i = 0; i < 64; ++i) {
    const int32_t x = test::ref_requantize((av[i] + 7) * (1 << 20), 1518500250, -1);
    const int32_t y = test::ref_requantize((bv[i] - 12) * (1 << 20), 1073741824, 0);
    const int32_t expected =
        test::ref_clamp(test::ref_requantize(x + y, 1395864371, -18) - 5, -128, 127);
    EXPECT_EQ(got[i], expected) << i;
  }
}

TEST(QuantizedAdd, RejectsShiftOutOfRange) {
  OwnedTensor a(ScalarType::Char, {1});
  OwnedTensor b(ScalarType::Char, {1});
  OwnedTensor out(ScalarType::Char, {1});
  Args args;
  args.tensor(a).integer(0).integer(1 << 30).integer(32);
  args.tensor(b).integer(0).integer(1 << 30).integer(0);
  args.integer(0).integer(1 << 30).integer(0).integer(-128).integer(127).out(out);
  EXPECT_EQ(run_kernel(&quantized_add_out, args), Error::InvalidArgument);
}

TEST(QuantizedMul, ProductOfOffsetValuesRequantized) {
  OwnedTensor a(ScalarType::Char, {3});
  OwnedTensor b(ScalarType::Char, {3});
  OwnedTensor out(ScalarType::Char, {3});
  a.set<int8_t>({5, 127, -128});
  b.set<int8_t>({3, 127, 127});
  // (5-1)*(3+2) = 20 * 0.5 = 10 - 3 = 7; (126*129) = 16254 * 0.5 -> clamps at 127;
  // (-129)*(129) = -16641 * 0.5 = -8320.5 -> -8320 (ties up) -> clamps at -128.
  Args args;
  args.tensor(a).integer(1).tensor(b).integer(-2).integer(-3).integer(1 << 30).integer(0).out(out);
  ASSERT_EQ(run_kernel(&quantized_mul_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{7, 127, -128}));
}

TEST(QuantizedMul, NegativeShiftRoundsHalfAwayFromZero) {
  OwnedTensor a(ScalarType::Char, {2});
  OwnedTensor b(ScalarType::Char, {2});
  OwnedTensor out(ScalarType::Char, {2});
  a.set<int8_t>({3, -3});
  b.set<int8_t>({1, 1});
  // 3 * 0.5 = 1.5 -> 2 (ties up), / 2 = 1; -3 * 0.5 = -1.5 -> -1, / 2 = -0.5 -> -1.
  Args args;
  args.tensor(a).integer(0).tensor(b).integer(0).integer(0).integer(1 << 30).integer(-1).out(out);
  ASSERT_EQ(run_kernel(&quantized_mul_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, -1}));
}

TEST(QuantizedDiv, FloatScaleVariantRoundsHalfAwayFromZero) {
  OwnedTensor a(ScalarType::Char, {4});
  OwnedTensor b(ScalarType::Char, {4});
  OwnedTensor out(ScalarType::Char, {4});
  a.set<int8_t>({7, -7, 5, 100});
  b.set<int8_t>({2, 2, 0, 1});
  // 3.5 -> 4; -3.5 -> -4; x/0 -> 0; then + output zero point 1.
  Args args;
  args.tensor(a).integer(0).tensor(b).integer(0).integer(1).real(1.0).out(out);
  ASSERT_EQ(run_kernel(&quantized_div_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{5, -3, 1, 101}));
}

TEST(QuantizedDiv, FixedPointScaleVariant) {
  OwnedTensor a(ScalarType::Char, {2});
  OwnedTensor b(ScalarType::Char, {2});
  OwnedTensor out(ScalarType::Char, {2});
  a.set<int8_t>({9, 100});
  b.set<int8_t>({2, 1});
  // scale = 2^30 / 2^31 * 2^1 = 1: 4.5 -> 5; 100 * 1 + 50 clamps to 127.
  Args args;
  args.tensor(a).integer(0).tensor(b).integer(0).integer(50).integer(1 << 30).integer(1).out(out);
  ASSERT_EQ(run_kernel(&quantized_div_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{55, 127}));
}

TEST(MinimumMaximum, BroadcastScalarOperand) {
  OwnedTensor a(ScalarType::Char, {2, 2});
  OwnedTensor b(ScalarType::Char, {1});
  OwnedTensor lo(ScalarType::Char, {2, 2});
  OwnedTensor hi(ScalarType::Char, {2, 2});
  a.set<int8_t>({-128, 0, 5, 127});
  b.set<int8_t>({3});
  Args min_args;
  min_args.tensor(a).tensor(b).out(lo);
  Args max_args;
  max_args.tensor(a).tensor(b).out(hi);
  ASSERT_EQ(run_kernel(&minimum_out, min_args), Error::Ok);
  ASSERT_EQ(run_kernel(&maximum_out, max_args), Error::Ok);
  EXPECT_EQ(lo.values<int8_t>(), (std::vector<int8_t>{-128, 0, 3, 3}));
  EXPECT_EQ(hi.values<int8_t>(), (std::vector<int8_t>{3, 3, 5, 127}));
}

TEST(MinimumMaximum, RejectsIncompatibleShapes) {
  OwnedTensor a(ScalarType::Char, {2, 3});
  OwnedTensor b(ScalarType::Char, {2});
  OwnedTensor out(ScalarType::Char, {2, 3});
  Args args;
  args.tensor(a).tensor(b).out(out);
  EXPECT_EQ(run_kernel(&minimum_out, args), Error::InvalidArgument);
}

TEST(QuantizedActivation, IndexesTableByValuePlus128) {
  OwnedTensor in(ScalarType::Char, {3});
  OwnedTensor lut(ScalarType::Char, {256});
  OwnedTensor out(ScalarType::Char, {3});
  std::vector<int8_t> table(256);
  for (int i = 0; i < 256; ++i) table[i] = static_cast<int8_t>(127 - i);  // negation-ish
  lut.set_vector(table);
  in.set<int8_t>({-128, 0, 127});
  Args args;
  args.tensor(in).tensor(lut).out(out);
  ASSERT_EQ(run_kernel(&quantized_activation_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{127, -1, -128}));
}

TEST(QuantizedActivation, RejectsShortTable) {
  OwnedTensor in(ScalarType::Char, {3});
  OwnedTensor lut(ScalarType::Char, {255});
  OwnedTensor out(ScalarType::Char, {3});
  Args args;
  args.tensor(in).tensor(lut).out(out);
  EXPECT_EQ(run_kernel(&quantized_activation_out, args), Error::InvalidArgument);
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
