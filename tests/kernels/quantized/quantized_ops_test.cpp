// quantized_decomposed q/dq kernels: hand-derived vectors for PyTorch's
// semantics (round half to even of x * float(1 / scale), + zero point, clamp).
#include <gtest/gtest.h>

#include <string>

#include "kernels/quantized/op_table.h"
#include "kernels/quantized/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"

namespace wick {
namespace quantized {
namespace {

using test::Args;
using test::OwnedTensor;
using test::run_kernel;

constexpr int64_t kByte = static_cast<int64_t>(ScalarType::Byte);
constexpr int64_t kChar = static_cast<int64_t>(ScalarType::Char);
constexpr int64_t kShort = static_cast<int64_t>(ScalarType::Short);
constexpr int64_t kFloat = static_cast<int64_t>(ScalarType::Float);
constexpr int64_t kDouble = static_cast<int64_t>(ScalarType::Double);

TEST(QuantizePerTensor, RoundsHalfToEvenAndClampsInt8) {
  OwnedTensor in(ScalarType::Float, {7});
  OwnedTensor out(ScalarType::Char, {7});
  // scale 0.5 -> x * 2: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> -0, -2.5 -> -2.
  in.set<float>({0.25f, 0.75f, 1.25f, -0.25f, -1.25f, 100.0f, -100.0f});
  Args args;
  args.tensor(in).real(0.5).integer(-1).integer(-128).integer(127).integer(kChar).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{-1, 1, 1, -1, -3, 127, -128}));
}

TEST(QuantizePerTensor, Uint8WithExtremeZeroPoint) {
  OwnedTensor in(ScalarType::Float, {3});
  OwnedTensor out(ScalarType::Byte, {3});
  in.set<float>({-1.0f, 0.0f, 0.1f});
  Args args;
  args.tensor(in).real(0.1).integer(255).integer(0).integer(255).integer(kByte).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::Ok);
  // -1 / 0.1 = -10 -> 245; 0 -> 255; 0.1 * float(10.0) = 1.0000000149 -> 1 -> 256 clamps.
  EXPECT_EQ(out.values<uint8_t>(), (std::vector<uint8_t>{245, 255, 255}));
}

TEST(QuantizePerTensor, InverseScaleIsRoundedToFloatFromDouble) {
  // scale = 0.1: torch multiplies by float(1.0 / 0.1) = 10.0f. 0.25 * 10 = 2.5 -> 2.
  OwnedTensor in(ScalarType::Float, {2});
  OwnedTensor out(ScalarType::Short, {2});
  in.set<float>({0.25f, 0.35f});
  Args args;
  args.tensor(in).real(0.1).integer(0).integer(-32768).integer(32767).integer(kShort).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::Ok);
  // 0.35f * 10.0f = 3.5 in float (0.35f = 0.3499999940 -> 3.4999999 rounds to 3.5f) -> 4.
  EXPECT_EQ(out.values<int16_t>(), (std::vector<int16_t>{2, 4}));
}

TEST(QuantizePerTensor, TensorOverloadReadsOneElementTensors) {
  OwnedTensor in(ScalarType::Float, {2});
  OwnedTensor scale(ScalarType::Double, {1});
  OwnedTensor zp(ScalarType::Long, {1});
  OwnedTensor out(ScalarType::Char, {2});
  in.set<float>({1.0f, -1.0f});
  scale.set<double>({0.25});
  zp.set<int64_t>({10});
  Args args;
  args.tensor(in).tensor(scale).tensor(zp).integer(-128).integer(127).integer(kChar).out(out);
  ASSERT_EQ(run_kernel(&quantize_per_tensor_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{14, 6}));
}

TEST(QuantizePerTensor, RejectsQuantRangeOutsideDtype) {
  OwnedTensor in(ScalarType::Float, {1});
  OwnedTensor out(ScalarType::Char, {1});
  Args args;
  args.tensor(in).real(1.0).integer(0).integer(-129).integer(127).integer(kChar).out(out);
  EXPECT_EQ(run_kernel(&quantize_per_tensor_out, args), Error::InvalidArgument);
}

TEST(DequantizePerTensor, NineAndEightArgumentForms) {
  OwnedTensor in(ScalarType::Char, {3});
  OwnedTensor out(ScalarType::Float, {3});
  in.set<int8_t>({-128, 0, 127});
  Args with_dtype;
  with_dtype.tensor(in).real(0.5).integer(-128).integer(-128).integer(127).integer(kChar);
  with_dtype.none().out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_tensor_out, with_dtype), Error::Ok);
  EXPECT_EQ(out.values<float>(), (std::vector<float>{0.0f, 64.0f, 127.5f}));

  OwnedTensor out2(ScalarType::Float, {3});
  Args without_dtype;
  without_dtype.tensor(in).real(0.5).integer(-128).integer(-128).integer(127).integer(kChar);
  without_dtype.out(out2);
  ASSERT_EQ(run_kernel(&dequantize_per_tensor_out, without_dtype), Error::Ok);
  EXPECT_EQ(out2.values<float>(), out.values<float>());
}

TEST(DequantizePerTensor, DoubleOutputDtype) {
  OwnedTensor in(ScalarType::Byte, {2});
  OwnedTensor out(ScalarType::Double, {2});
  in.set<uint8_t>({0, 255});
  Args args;
  args.tensor(in).real(0.1).integer(5).integer(0).integer(255).integer(kByte).integer(kDouble);
  args.out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_tensor_out, args), Error::Ok);
  const auto v = out.values<double>();
  EXPECT_DOUBLE_EQ(v[0], -5 * 0.1);
  EXPECT_DOUBLE_EQ(v[1], 250 * 0.1);
}

TEST(DequantizePerTensor, RejectsOutDtypeThatDoesNotMatchOut) {
  OwnedTensor in(ScalarType::Char, {1});
  OwnedTensor out(ScalarType::Float, {1});
  Args args;
  args.tensor(in).real(1.0).integer(0).integer(-128).integer(127).integer(kChar).integer(kDouble);
  args.out(out);
  EXPECT_EQ(run_kernel(&dequantize_per_tensor_out, args), Error::InvalidArgument);
}

TEST(DequantizePerTensor, TensorOverload) {
  OwnedTensor in(ScalarType::Char, {1});
  OwnedTensor scale(ScalarType::Float, {1});
  OwnedTensor zp(ScalarType::Int, {1});
  OwnedTensor out(ScalarType::Float, {1});
  in.set<int8_t>({10});
  scale.set<float>({0.5f});
  zp.set<int32_t>({4});
  Args args;
  args.tensor(in).tensor(scale).tensor(zp).integer(-128).integer(127).integer(kChar).integer(
      kFloat);
  args.out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_tensor_tensor_out, args), Error::Ok);
  EXPECT_EQ(out.values<float>(), (std::vector<float>{3.0f}));
}

TEST(QuantizePerChannel, AxisOneOfAChannelsLastTensor) {
  // [1, 2, 1, 2] channels-last: bytes (w0 c0, w0 c1, w1 c0, w1 c1).
  OwnedTensor in(ScalarType::Float, {1, 2, 1, 2}, {0, 2, 3, 1});
  OwnedTensor scales(ScalarType::Float, {2});
  OwnedTensor zps(ScalarType::Long, {2});
  OwnedTensor out(ScalarType::Char, {1, 2, 1, 2}, {0, 2, 3, 1});
  in.set<float>({1.0f, 1.0f, 2.5f, 2.5f});
  scales.set<float>({1.0f, 0.5f});
  zps.set<int64_t>({0, -3});
  Args args;
  args.tensor(in).tensor(scales).tensor(zps).integer(1).integer(-128).integer(127).integer(kChar);
  args.out(out);
  ASSERT_EQ(run_kernel(&quantize_per_channel_out, args), Error::Ok);
  // c0: 1 -> 1, 2.5 -> 2 (even); c1: 1 * 2 - 3 = -1, 2.5 * 2 - 3 = 2.
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{1, -1, 2, 2}));
}

TEST(QuantizePerChannel, DoubleScalesComputeInDouble) {
  OwnedTensor in(ScalarType::Float, {2, 1});
  OwnedTensor scales(ScalarType::Double, {2});
  OwnedTensor zps(ScalarType::Int, {2});
  OwnedTensor out(ScalarType::Char, {2, 1});
  in.set<float>({0.35f, -0.35f});
  scales.set<double>({0.1, 0.1});
  zps.set<int32_t>({0, 0});
  Args args;
  args.tensor(in).tensor(scales).tensor(zps).integer(0).integer(-128).integer(127).integer(kChar);
  args.out(out);
  ASSERT_EQ(run_kernel(&quantize_per_channel_out, args), Error::Ok);
  // double(0.35f) * (1 / 0.1) = 3.4999999403953552 -> 3 (float math would give 3.5 -> 4).
  EXPECT_EQ(out.values<int8_t>(), (std::vector<int8_t>{3, -3}));
}

TEST(DequantizePerChannel, OptionalZeroPointsAndNegativeAxis) {
  OwnedTensor in(ScalarType::Char, {2, 2});
  OwnedTensor scales(ScalarType::Float, {2});
  OwnedTensor out(ScalarType::Float, {2, 2});
  in.set<int8_t>({1, 2, 3, 4});
  scales.set<float>({0.5f, 2.0f});
  Args args;
  args.tensor(in).tensor(scales).none().integer(-1).integer(-128).integer(127).integer(kChar);
  args.none().out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_channel_out, args), Error::Ok);
  EXPECT_EQ(out.values<float>(), (std::vector<float>{0.5f, 4.0f, 1.5f, 8.0f}));
}

TEST(DequantizePerChannel, ZeroPointsAlongAxisZeroNineArgs) {
  OwnedTensor in(ScalarType::Char, {2, 2});
  OwnedTensor scales(ScalarType::Double, {2});
  OwnedTensor zps(ScalarType::Long, {2});
  OwnedTensor out(ScalarType::Float, {2, 2});
  in.set<int8_t>({-128, 127, -128, 127});
  scales.set<double>({1.0, 0.25});
  zps.set<int64_t>({-128, 127});
  Args args;
  args.tensor(in).tensor(scales).tensor(zps).integer(0).integer(-128).integer(127).integer(kChar);
  args.out(out);
  ASSERT_EQ(run_kernel(&dequantize_per_channel_out, args), Error::Ok);
  EXPECT_EQ(out.values<float>(), (std::vector<float>{0.0f, 255.0f, -63.75f, 0.0f}));
}

TEST(DequantizePerChannel, RejectsScalesOfTheWrongLength) {
  OwnedTensor in(ScalarType::Char, {2, 3});
  OwnedTensor scales(ScalarType::Float, {2});
  OwnedTensor out(ScalarType::Float, {2, 3});
  Args args;
  args.tensor(in).tensor(scales).none().integer(1).integer(-128).integer(127).integer(kChar);
  args.none().out(out);
  EXPECT_EQ(run_kernel(&dequantize_per_channel_out, args), Error::InvalidArgument);
}

TEST(QuantizedOpTable, ListsEveryOverloadOnce) {
  const OpTable table = op_table();
  ASSERT_EQ(table.size(), 6u);
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(std::string(table[i].name).rfind("quantized_decomposed::", 0), 0u) << table[i].name;
    for (size_t j = i + 1; j < table.size(); ++j) {
      EXPECT_NE(std::string(table[i].name), std::string(table[j].name));
    }
  }
}

}  // namespace
}  // namespace quantized
}  // namespace wick
