// Checks shared by CONV2D, DEPTHWISE_CONV2D and TRANSPOSE_CONV2D: the type
// modes this interpreter implements, zero points and the bias.
#pragma once

#include "backends/tosa/ops/op.h"
#include "backends/tosa/ops/rescale.h"

namespace wick {
namespace tosa {

struct ConvOperands {
  int32_t input_zp = 0;
  int32_t weight_zp = 0;
  bool is_float = false;
};

// Inputs: input, weight, bias, input_zp, weight_zp. Accepts i8 x i8 -> i32
// (acc INT32) and fp32 (acc FP32); bias must hold 1 or `out_channels` values.
inline Error check_conv_operands(const OpArgs& args, fb::DType acc_type, int32_t out_channels,
                                 ConvOperands* result) {
  const TensorRef& in = args.in(0);
  const TensorRef& weight = args.in(1);
  const TensorRef& bias = args.in(2);
  const TensorRef& izp = args.in(3);
  const TensorRef& wzp = args.in(4);
  const TensorRef& out = args.out();
  const bool is_float = in.dtype == fb::DType::FP32;
  if (is_float) {
    if (weight.dtype != fb::DType::FP32 || out.dtype != fb::DType::FP32 ||
        acc_type != fb::DType::FP32) {
      return op_error(args, "fp32 convolution needs fp32 weight/output and acc_type FP32");
    }
  } else if (in.dtype != fb::DType::INT8 || weight.dtype != fb::DType::INT8 ||
             out.dtype != fb::DType::INT32 || acc_type != fb::DType::INT32) {
    return op_error(args, "type mode %s x %s -> %s (acc %s) is not implemented",
                    dtype_name(in.dtype), dtype_name(weight.dtype), dtype_name(out.dtype),
                    dtype_name(acc_type));
  }
  WICK_TRY(expect_dtype(args, bias, out.dtype, "bias"));
  WICK_TRY(expect_dtype(args, izp, in.dtype, "input_zp"));
  WICK_TRY(expect_dtype(args, wzp, weight.dtype, "weight_zp"));
  WICK_TRY(expect_constant(args, izp, "input_zp"));
  WICK_TRY(expect_constant(args, wzp, "weight_zp"));
  WICK_TRY(expect_rank(args, bias, 1, "bias"));
  if (izp.numel != 1 || wzp.numel != 1) return op_error(args, "zero points need one value");
  if (bias.numel != 1 && bias.numel != static_cast<size_t>(out_channels)) {
    return op_error(args, "bias has %lu values for %ld output channels",
                    static_cast<unsigned long>(bias.numel), static_cast<long>(out_channels));
  }
  result->is_float = is_float;
  if (is_float) {
    if (izp.as<float>()[0] != 0.0f || wzp.as<float>()[0] != 0.0f) {
      return op_error(args, "fp32 zero points must be 0");
    }
    return Error::Ok;
  }
  result->input_zp = static_cast<int32_t>(constant_int(izp, 0));
  result->weight_zp = static_cast<int32_t>(constant_int(wzp, 0));
  return Error::Ok;
}

// pad [top, bottom, left, right], stride [y, x] and dilation [y, x] of a
// CONV2D or DEPTHWISE_CONV2D attribute, with their ERROR_IF checks.
struct ConvWindow {
  int32_t pad[4];
  int32_t stride[2];
  int32_t dilation[2];
};

template <typename Attribute>
Error read_conv_window(const OpArgs& args, const Attribute& attr, ConvWindow* w) {
  WICK_TRY(attribute_ints(args, attr.pad(), 4, "pad", w->pad));
  WICK_TRY(attribute_ints(args, attr.stride(), 2, "stride", w->stride));
  WICK_TRY(attribute_ints(args, attr.dilation(), 2, "dilation", w->dilation));
  if (w->pad[0] < 0 || w->pad[1] < 0 || w->pad[2] < 0 || w->pad[3] < 0 || w->stride[0] < 1 ||
      w->stride[1] < 1 || w->dilation[0] < 1 || w->dilation[1] < 1) {
    return op_error(args, "negative pad or stride/dilation below 1");
  }
  return Error::Ok;
}

// ERROR_IF(OH != idiv_check(IH - 1 + pad_a + pad_b - (K - 1) * dilation, stride) + 1).
inline bool conv_output_size_ok(int32_t in, int32_t pad_a, int32_t pad_b, int32_t kernel,
                                int32_t stride, int32_t dilation, int32_t out) {
  const int64_t span = int64_t{in} - 1 + pad_a + pad_b - int64_t{kernel - 1} * dilation;
  if (span < 0 || span % stride != 0) return false;
  return span / stride + 1 == out;
}

// Where a convolution's results go: stored as they are, or (fused) through the
// following RESCALE straight to its int8 output. The output index's last
// coordinate is the output channel, which is RESCALE's per-channel index.
template <typename Acc>
struct StoreSink {
  Acc* out;
  void operator()(size_t index, int32_t, Acc value) const { out[index] = value; }
};

struct RescaleSink {
  const RescaleParams* params;
  int8_t* out;
  void operator()(size_t index, int32_t channel, int32_t value) const {
    const size_t c = params->channels == 1 ? 0 : static_cast<size_t>(channel);
    out[index] = static_cast<int8_t>(rescale_element(*params, value, c));
  }
};

// Runs an int8 convolution `run(sink)` into its own int32 output or the fused RESCALE's.
template <typename Run>
Error run_int_conv(const OpArgs& args, Run run) {
  if (args.fused_rescale == nullptr) {
    run(StoreSink<int32_t>{args.out().as<int32_t>()});
    return Error::Ok;
  }
  RescaleParams params;
  WICK_TRY(make_rescale_params(*args.fused_rescale, &params));
  run(RescaleSink{&params, args.fused_rescale->out().as<int8_t>()});
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
