// One-input elementwise operators: ABS and NEGATE (integer and fp32) and the
// fp32-only functions (SIGMOID, TANH, ERF, EXP, LOG, RECIPROCAL, RSQRT,
// FLOOR, CEIL, SIN, COS). Integer networks use TABLE instead.
#include <math.h>

#include "backends/tosa/ops/op.h"
#include "backends/tosa/ops/scale.h"

namespace wick {
namespace tosa {
namespace {

float apply_float(fb::Op op, float x) {
  switch (op) {
    case fb::Op::ABS:
      return fabsf(x);
    case fb::Op::NEGATE:
      return -x;
    case fb::Op::SIGMOID:
      return 1.0f / (1.0f + expf(-x));
    case fb::Op::TANH:
      return tanhf(x);
    case fb::Op::ERF:
      return erff(x);
    case fb::Op::EXP:
      return expf(x);
    case fb::Op::LOG:
      return logf(x);
    case fb::Op::RECIPROCAL:
      return 1.0f / x;
    case fb::Op::RSQRT:
      return 1.0f / sqrtf(x);
    case fb::Op::FLOOR:
      return floorf(x);
    case fb::Op::CEIL:
      return ceilf(x);
    case fb::Op::SIN:
      return sinf(x);
    default:
      return cosf(x);
  }
}

void unary_float(fb::Op op, size_t numel, const float* in, float* out) {
  for (size_t i = 0; i < numel; ++i) out[i] = apply_float(op, in[i]);
}

void abs_i32(size_t numel, const int32_t* in, int32_t* out) {
  for (size_t i = 0; i < numel; ++i) out[i] = in[i] < 0 ? wrap_sub32(0, in[i]) : in[i];
}

// v = x - input_zp; v = -v; v = v + output_zp; clip to the type's range.
template <typename T>
void negate(size_t numel, const T* in, int64_t input_zp, int64_t output_zp, int64_t lo, int64_t hi,
            T* out) {
  for (size_t i = 0; i < numel; ++i) {
    const int64_t v = -(static_cast<int64_t>(in[i]) - input_zp) + output_zp;
    out[i] = static_cast<T>(clip<int64_t>(v, lo, hi));
  }
}

void negate_i32(size_t numel, const int32_t* in, int32_t* out) {
  for (size_t i = 0; i < numel; ++i) out[i] = wrap_sub32(0, in[i]);
}

}  // namespace

Error op_elementwise_unary(const OpArgs& args, Phase phase) {
  const bool is_negate = args.op == fb::Op::NEGATE;
  WICK_TRY(expect_arity(args, is_negate ? 3 : 1, 1));
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  WICK_TRY(expect_same_shape(args, in, out, "input/output"));
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  const bool integer_ok =
      (args.op == fb::Op::ABS && in.dtype == fb::DType::INT32) ||
      (is_negate && (in.dtype == fb::DType::INT8 || in.dtype == fb::DType::INT16 ||
                     in.dtype == fb::DType::INT32));
  if (in.dtype != fb::DType::FP32 && !integer_ok) {
    return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
  }
  int64_t input_zp = 0, output_zp = 0;
  if (is_negate) {
    for (int i = 1; i < 3; ++i) {
      WICK_TRY(expect_dtype(args, args.in(i), in.dtype, "zero point"));
      WICK_TRY(expect_constant(args, args.in(i), "zero point"));
      if (args.in(i).numel != 1) return op_error(args, "zero points need one value");
    }
    if (in.dtype != fb::DType::FP32) {
      input_zp = constant_int(args.in(1), 0);
      output_zp = constant_int(args.in(2), 0);
    } else if (args.in(1).as<float>()[0] != 0.0f || args.in(2).as<float>()[0] != 0.0f) {
      return op_error(args, "fp32 zero points must be 0");
    }
    if (in.dtype != fb::DType::INT8 && (input_zp != 0 || output_zp != 0)) {
      return op_error(args, "zero points must be 0 for %s", dtype_name(in.dtype));
    }
  }
  if (phase == Phase::Check) return Error::Ok;
  switch (in.dtype) {
    case fb::DType::FP32:
      unary_float(args.op, in.numel, in.as<float>(), out.as<float>());
      break;
    case fb::DType::INT8:
      negate(in.numel, in.as<int8_t>(), input_zp, output_zp, -128, 127, out.as<int8_t>());
      break;
    case fb::DType::INT16:
      negate(in.numel, in.as<int16_t>(), input_zp, output_zp, -32768, 32767, out.as<int16_t>());
      break;
    default:
      if (is_negate) {
        negate_i32(in.numel, in.as<int32_t>(), out.as<int32_t>());
      } else {
        abs_i32(in.numel, in.as<int32_t>(), out.as<int32_t>());
      }
      break;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
