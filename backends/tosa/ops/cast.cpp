// CAST: int narrowing truncates (wraps), widening sign-extends, anything ->
// bool is x != 0, int -> fp32 rounds to nearest, fp32 -> int rounds to
// nearest even and saturates (NaN is unpredictable; it becomes 0 here).
#include <math.h>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

int64_t read_int(const TensorRef& t, size_t i) { return constant_int(t, i); }

template <typename Out>
void int_to_int(const TensorRef& in, bool to_bool, Out* out) {
  for (size_t i = 0; i < in.numel; ++i) {
    const int64_t v = read_int(in, i);
    out[i] = to_bool ? static_cast<Out>(v != 0)
                     : static_cast<Out>(static_cast<uint64_t>(v));  // two's complement truncation
  }
}

void int_to_float(const TensorRef& in, float* out) {
  for (size_t i = 0; i < in.numel; ++i) out[i] = static_cast<float>(read_int(in, i));
}

template <typename Out>
void float_to_int(size_t numel, const float* in, double lo, double hi, Out* out) {
  for (size_t i = 0; i < numel; ++i) {
    const double v = rint(static_cast<double>(in[i]));  // default mode: nearest even
    out[i] = isnan(v) ? Out(0) : static_cast<Out>(v < lo ? lo : (v > hi ? hi : v));
  }
}

bool is_cast_int(fb::DType t) {
  return t == fb::DType::INT8 || t == fb::DType::INT16 || t == fb::DType::INT32;
}

}  // namespace

Error op_cast(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  WICK_TRY(expect_same_shape(args, in, out, "input/output"));
  const bool in_int = is_cast_int(in.dtype);
  const bool out_int = is_cast_int(out.dtype);
  const bool in_bool = in.dtype == fb::DType::BOOL;
  const bool out_bool = out.dtype == fb::DType::BOOL;
  const bool in_fp = in.dtype == fb::DType::FP32;
  const bool out_fp = out.dtype == fb::DType::FP32;
  const bool supported = (in_bool && out_int) || (in_int && (out_bool || out_fp)) ||
                         (in_int && out_int && in.dtype != out.dtype) || (in_fp && out_int);
  if (!supported) {
    return op_error(args, "%s -> %s is not a CAST type mode", dtype_name(in.dtype),
                    dtype_name(out.dtype));
  }
  if (phase == Phase::Check) return Error::Ok;
  if (in_fp) {
    const float* src = in.as<float>();
    switch (out.dtype) {
      case fb::DType::INT8:
        float_to_int(in.numel, src, -128.0, 127.0, out.as<int8_t>());
        break;
      case fb::DType::INT16:
        float_to_int(in.numel, src, -32768.0, 32767.0, out.as<int16_t>());
        break;
      default:
        float_to_int(in.numel, src, -2147483648.0, 2147483647.0, out.as<int32_t>());
        break;
    }
    return Error::Ok;
  }
  switch (out.dtype) {
    case fb::DType::FP32:
      int_to_float(in, out.as<float>());
      break;
    case fb::DType::BOOL:
      int_to_int(in, true, out.as<uint8_t>());
      break;
    case fb::DType::INT8:
      int_to_int(in, false, out.as<int8_t>());
      break;
    case fb::DType::INT16:
      int_to_int(in, false, out.as<int16_t>());
      break;
    default:
      int_to_int(in, false, out.as<int32_t>());
      break;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
