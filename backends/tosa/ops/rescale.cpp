// RESCALE (tosa.md section 5): zero-point removal, per-tensor or per-channel
// apply_scale_32/16, output zero point, saturation. PRO-INT types i8/i16/i32.
#include "backends/tosa/ops/rescale.h"

namespace wick {
namespace tosa {
namespace {

int64_t read_value(const void* data, fb::DType dtype, bool is_unsigned, size_t i) {
  switch (dtype) {
    case fb::DType::INT8:
      return is_unsigned ? static_cast<const uint8_t*>(data)[i]
                         : static_cast<const int8_t*>(data)[i];
    case fb::DType::INT16:
      return is_unsigned ? static_cast<const uint16_t*>(data)[i]
                         : static_cast<const int16_t*>(data)[i];
    default:
      return static_cast<const int32_t*>(data)[i];
  }
}

template <typename Out>
void rescale(const RescaleParams& p, const void* in, fb::DType in_dtype, Out* out) {
  for (size_t i = 0; i < p.numel; ++i) {
    const size_t c = p.channels == 1 ? 0 : i % p.channels;
    out[i] = static_cast<Out>(rescale_element(p, read_value(in, in_dtype, p.input_unsigned, i), c));
  }
}

bool is_int(fb::DType t) {
  return t == fb::DType::INT8 || t == fb::DType::INT16 || t == fb::DType::INT32;
}

int bits(fb::DType t) { return t == fb::DType::INT8 ? 8 : t == fb::DType::INT16 ? 16 : 32; }

// The zero-point rule shared by both sides: non-zero only for i8, or for an
// unsigned i16 whose zero point is 32768.
bool zero_point_allowed(fb::DType t, bool is_unsigned, int64_t zp) {
  if (zp == 0) return true;
  if (t == fb::DType::INT8) return true;
  return t == fb::DType::INT16 && is_unsigned && zp == 32768;
}

}  // namespace

Error make_rescale_params(const OpArgs& args, RescaleParams* params) {
  WICK_TRY(expect_arity(args, 5, 1));
  const auto* attr = attribute<fb::RescaleAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing RescaleAttribute");
  const TensorRef& in = args.in(0);
  const TensorRef& mult = args.in(1);
  const TensorRef& shift = args.in(2);
  const TensorRef& izp = args.in(3);
  const TensorRef& ozp = args.in(4);
  TensorRef& out = args.out();
  if (!is_int(in.dtype) || !is_int(out.dtype)) {
    return op_error(args, "%s -> %s is not an implemented RESCALE type", dtype_name(in.dtype),
                    dtype_name(out.dtype));
  }
  WICK_TRY(expect_same_shape(args, in, out, "input/output"));
  for (int i = 1; i < 5; ++i) WICK_TRY(expect_constant(args, args.in(i), "RESCALE parameter"));
  const bool scale32 = attr->scale32();
  const bool double_round = attr->rounding_mode() == fb::RoundingMode::DOUBLE_ROUND;
  if (attr->rounding_mode() != fb::RoundingMode::SINGLE_ROUND && !double_round) {
    return op_error(args, "rounding_mode %u is not SINGLE_ROUND or DOUBLE_ROUND",
                    static_cast<unsigned>(attr->rounding_mode()));
  }
  if (!scale32 && double_round) return op_error(args, "DOUBLE_ROUND requires scale32");
  const bool in_unsigned = attr->input_unsigned();
  const bool out_unsigned = attr->output_unsigned();
  if (in_unsigned && out_unsigned) return op_error(args, "input and output both unsigned");
  if ((in_unsigned && in.dtype == fb::DType::INT32) ||
      (out_unsigned && out.dtype == fb::DType::INT32)) {
    return op_error(args, "an unsigned flag is set on an i32 side");
  }
  if (attr->per_channel() && in.rank < 1) return op_error(args, "per_channel needs rank >= 1");
  const size_t channels = attr->per_channel() ? static_cast<size_t>(in.shape[in.rank - 1]) : 1;
  WICK_TRY(expect_dtype(args, mult, scale32 ? fb::DType::INT32 : fb::DType::INT16, "multiplier"));
  WICK_TRY(expect_dtype(args, shift, fb::DType::INT8, "shift"));
  WICK_TRY(expect_dtype(args, izp, in.dtype, "input_zp"));
  WICK_TRY(expect_dtype(args, ozp, out.dtype, "output_zp"));
  if (mult.numel != channels || shift.numel != channels || izp.numel != 1 || ozp.numel != 1) {
    return op_error(args, "multiplier/shift need %lu values and zero points 1",
                    static_cast<unsigned long>(channels));
  }
  // Zero points are reinterpreted as unsigned when the side is unsigned.
  int64_t input_zp = constant_int(izp, 0);
  int64_t output_zp = constant_int(ozp, 0);
  if (in_unsigned) input_zp &= in.dtype == fb::DType::INT8 ? 0xFF : 0xFFFF;
  if (out_unsigned) output_zp &= out.dtype == fb::DType::INT8 ? 0xFF : 0xFFFF;
  if (!zero_point_allowed(in.dtype, in_unsigned, input_zp) ||
      !zero_point_allowed(out.dtype, out_unsigned, output_zp)) {
    return op_error(args, "zero points %ld/%ld not allowed for %s -> %s",
                    static_cast<long>(input_zp), static_cast<long>(output_zp), dtype_name(in.dtype),
                    dtype_name(out.dtype));
  }
  for (size_t c = 0; c < channels; ++c) {
    // REQUIREs of apply_scale: refused here rather than computed unpredictably.
    const int64_t m = constant_int(mult, c);
    const int64_t s = constant_int(shift, c);
    if (m < 0 || s < 2 || s > 62) {
      return op_error(args, "channel %lu: multiplier %ld / shift %ld out of range",
                      static_cast<unsigned long>(c), static_cast<long>(m), static_cast<long>(s));
    }
  }
  const int out_bits = bits(out.dtype);
  RescaleParams& p = *params;
  p = RescaleParams{};
  p.numel = in.numel;
  p.channels = channels;
  p.multiplier32 = scale32 ? mult.as<int32_t>() : nullptr;
  p.multiplier16 = scale32 ? nullptr : mult.as<int16_t>();
  p.shift = shift.as<int8_t>();
  p.input_zp = input_zp;
  p.output_zp = output_zp;
  p.double_round = double_round;
  p.input_unsigned = in_unsigned;
  p.out_min = out_unsigned ? 0 : -(int64_t{1} << (out_bits - 1));
  p.out_max = out_unsigned ? (int64_t{1} << out_bits) - 1 : (int64_t{1} << (out_bits - 1)) - 1;
  return Error::Ok;
}

Error op_rescale(const OpArgs& args, Phase phase) {
  RescaleParams p;
  WICK_TRY(make_rescale_params(args, &p));
  if (phase == Phase::Check) return Error::Ok;
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  switch (out.dtype) {
    case fb::DType::INT8:
      rescale(p, in.data, in.dtype, out.as<int8_t>());
      break;
    case fb::DType::INT16:
      rescale(p, in.data, in.dtype, out.as<int16_t>());
      break;
    default:
      rescale(p, in.data, in.dtype, out.as<int32_t>());
      break;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
