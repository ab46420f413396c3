// ADD, SUB, MUL, MAXIMUM, MINIMUM with broadcasting. Integer ADD/SUB/MAX/MIN
// are i32 only; MUL takes i8/i16/i32 to i32 (i32 with a rounding shift).
#include <math.h>

#include "backends/tosa/ops/broadcast.h"

namespace wick {
namespace tosa {
namespace {

int32_t mul_shifted(int32_t a, int32_t b, int32_t shift) {
  if (shift == 0) return wrap_mul32(a, b);
  const int64_t product = int64_t{a} * b + (int64_t{1} << (shift - 1));
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(product >> shift)));
}

float fp_extreme(float a, float b, bool maximum, bool propagate) {
  if (isnan(a) || isnan(b)) {
    if (propagate || (isnan(a) && isnan(b))) return NAN;
    return isnan(a) ? b : a;
  }
  return maximum ? (a > b ? a : b) : (a < b ? a : b);
}

struct BinaryParams {
  fb::Op op;
  int32_t shift;   // MUL
  bool propagate;  // MAXIMUM/MINIMUM nan_mode
};

int32_t apply_int(const BinaryParams& p, int32_t a, int32_t b) {
  switch (p.op) {
    case fb::Op::ADD:
      return wrap_add32(a, b);
    case fb::Op::SUB:
      return wrap_sub32(a, b);
    case fb::Op::MUL:
      return mul_shifted(a, b, p.shift);
    case fb::Op::MAXIMUM:
      return a > b ? a : b;
    default:
      return a < b ? a : b;
  }
}

float apply_float(const BinaryParams& p, float a, float b) {
  switch (p.op) {
    case fb::Op::ADD:
      return a + b;
    case fb::Op::SUB:
      return a - b;
    case fb::Op::MUL:
      return a * b;
    case fb::Op::MAXIMUM:
      return fp_extreme(a, b, true, p.propagate);
    default:
      return fp_extreme(a, b, false, p.propagate);
  }
}

template <typename In>
void binary_int(const BinaryParams& p, const BroadcastShape& b, size_t numel, const In* x,
                const In* y, int32_t* out) {
  for_each_broadcast(b, numel, [&](size_t i, size_t ox, size_t oy, size_t) {
    out[i] = apply_int(p, x[ox], y[oy]);
  });
}

void binary_float(const BinaryParams& p, const BroadcastShape& b, size_t numel, const float* x,
                  const float* y, float* out) {
  for_each_broadcast(b, numel, [&](size_t i, size_t ox, size_t oy, size_t) {
    out[i] = apply_float(p, x[ox], y[oy]);
  });
}

}  // namespace

Error op_elementwise_binary(const OpArgs& args, Phase phase) {
  const bool is_mul = args.op == fb::Op::MUL;
  WICK_TRY(expect_arity(args, is_mul ? 3 : 2, 1));
  const TensorRef& a = args.in(0);
  const TensorRef& b = args.in(1);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, b, a.dtype, "input2"));
  BinaryParams p{args.op, 0, true};
  const bool is_float = a.dtype == fb::DType::FP32;
  const bool narrow_mul = is_mul && (a.dtype == fb::DType::INT8 || a.dtype == fb::DType::INT16);
  if (!is_float && a.dtype != fb::DType::INT32 && !narrow_mul) {
    return op_error(args, "%s input is not implemented", dtype_name(a.dtype));
  }
  WICK_TRY(expect_dtype(args, out, is_float ? fb::DType::FP32 : fb::DType::INT32, "output"));
  if (is_mul) {
    const TensorRef& shift = args.in(2);
    WICK_TRY(expect_dtype(args, shift, fb::DType::INT8, "shift"));
    WICK_TRY(expect_constant(args, shift, "shift"));
    if (shift.numel != 1) return op_error(args, "shift needs one value");
    p.shift = static_cast<int32_t>(constant_int(shift, 0));
    if (p.shift < 0 || p.shift > 63 || (p.shift != 0 && a.dtype != fb::DType::INT32)) {
      return op_error(args, "shift %ld is invalid for %s", static_cast<long>(p.shift),
                      dtype_name(a.dtype));
    }
  }
  if (args.op == fb::Op::MAXIMUM || args.op == fb::Op::MINIMUM) {
    const auto* max_attr = attribute<fb::MaximumAttribute>(args);
    const auto* min_attr = attribute<fb::MinimumAttribute>(args);
    const fb::NanPropagationMode mode = max_attr   ? max_attr->nan_mode()
                                        : min_attr ? min_attr->nan_mode()
                                                   : fb::NanPropagationMode::PROPAGATE;
    p.propagate = mode != fb::NanPropagationMode::IGNORE;
  }
  BroadcastShape shape;
  WICK_TRY(make_broadcast(args, 2, &shape));
  if (phase == Phase::Check) return Error::Ok;
  switch (a.dtype) {
    case fb::DType::FP32:
      binary_float(p, shape, out.numel, a.as<float>(), b.as<float>(), out.as<float>());
      break;
    case fb::DType::INT8:
      binary_int(p, shape, out.numel, a.as<int8_t>(), b.as<int8_t>(), out.as<int32_t>());
      break;
    case fb::DType::INT16:
      binary_int(p, shape, out.numel, a.as<int16_t>(), b.as<int16_t>(), out.as<int32_t>());
      break;
    default:
      binary_int(p, shape, out.numel, a.as<int32_t>(), b.as<int32_t>(), out.as<int32_t>());
      break;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
