// REDUCE_SUM (i32, fp32), REDUCE_MAX / REDUCE_MIN (i8, i16, i32, fp32): one
// axis, kept with size 1.
#include <math.h>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

struct ReduceParams {
  fb::Op op;
  size_t outer, length, inner;
  bool propagate;
};

inline int32_t combine(fb::Op op, int32_t a, int32_t b, bool) {
  if (op == fb::Op::REDUCE_SUM) return wrap_add32(a, b);
  return op == fb::Op::REDUCE_MAX ? (a > b ? a : b) : (a < b ? a : b);
}
inline float combine(fb::Op op, float a, float b, bool propagate) {
  if (op == fb::Op::REDUCE_SUM) return a + b;
  if (isnan(a) || isnan(b)) {
    if (propagate || (isnan(a) && isnan(b))) return NAN;
    return isnan(a) ? b : a;
  }
  return op == fb::Op::REDUCE_MAX ? (a > b ? a : b) : (a < b ? a : b);
}

// Acc is float for fp32 and int32 for the integer types.
template <typename T, typename Acc>
void reduce(const ReduceParams& p, const T* in, T* out) {
  for (size_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < p.inner; ++i) {
      const T* src = in + o * p.length * p.inner + i;
      Acc acc = src[0];
      for (size_t k = 1; k < p.length; ++k) {
        acc = combine(p.op, acc, static_cast<Acc>(src[k * p.inner]), p.propagate);
      }
      out[o * p.inner + i] = static_cast<T>(acc);
    }
  }
}

}  // namespace

Error op_reduce(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  WICK_TRY(expect_rank(args, out, in.rank, "output"));
  int32_t axis = 0;
  bool propagate = true;
  if (args.op == fb::Op::REDUCE_SUM) {
    const auto* attr = attribute<fb::ReduceSumAttribute>(args);
    if (attr == nullptr) return op_error(args, "missing ReduceSumAttribute");
    axis = attr->axis();
    if (in.dtype != fb::DType::INT32 && in.dtype != fb::DType::FP32) {
      return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
    }
  } else {
    const auto* max_attr = attribute<fb::ReduceMaxAttribute>(args);
    const auto* min_attr = attribute<fb::ReduceMinAttribute>(args);
    if (max_attr == nullptr && min_attr == nullptr) return op_error(args, "missing attribute");
    axis = max_attr ? max_attr->axis() : min_attr->axis();
    propagate =
        (max_attr ? max_attr->nan_mode() : min_attr->nan_mode()) != fb::NanPropagationMode::IGNORE;
    if (in.dtype != fb::DType::INT8 && in.dtype != fb::DType::INT16 &&
        in.dtype != fb::DType::INT32 && in.dtype != fb::DType::FP32) {
      return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
    }
  }
  if (axis < 0 || axis >= in.rank) {
    return op_error(args, "axis %ld is out of range", static_cast<long>(axis));
  }
  ReduceParams p{args.op, 1, static_cast<size_t>(in.shape[axis]), 1, propagate};
  for (int d = 0; d < in.rank; ++d) {
    const int32_t expected = d == axis ? 1 : in.shape[d];
    if (out.shape[d] != expected) {
      return op_error(args, "output dimension %d must be %ld", d, static_cast<long>(expected));
    }
    if (d < axis) p.outer *= static_cast<size_t>(in.shape[d]);
    if (d > axis) p.inner *= static_cast<size_t>(in.shape[d]);
  }
  if (phase == Phase::Check) return Error::Ok;
  switch (in.dtype) {
    case fb::DType::FP32:
      reduce<float, float>(p, in.as<float>(), out.as<float>());
      break;
    case fb::DType::INT8:
      reduce<int8_t, int32_t>(p, in.as<int8_t>(), out.as<int8_t>());
      break;
    case fb::DType::INT16:
      reduce<int16_t, int32_t>(p, in.as<int16_t>(), out.as<int16_t>());
      break;
    default:
      reduce<int32_t, int32_t>(p, in.as<int32_t>(), out.as<int32_t>());
      break;
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
