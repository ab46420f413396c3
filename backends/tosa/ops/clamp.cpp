// CLAMP: bounds arrive as raw little-endian bytes of the input dtype. No zero
// point is involved; fp32 honours nan_mode (IGNORE maps NaN to min_val).
#include <math.h>
#include <string.h>

#include <type_traits>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

template <typename T>
void clamp(size_t numel, const T* in, T lo, T hi, T* out) {
  for (size_t i = 0; i < numel; ++i) {
    const T v = in[i] < lo ? lo : in[i];
    out[i] = v > hi ? hi : v;
  }
}

void clamp_float(size_t numel, const float* in, float lo, float hi, bool propagate, float* out) {
  for (size_t i = 0; i < numel; ++i) {
    const float v = in[i];
    if (isnan(v)) {
      out[i] = propagate ? v : lo;
      continue;
    }
    out[i] = v < lo ? lo : (v > hi ? hi : v);
  }
}

template <typename T>
Error read_bound(const OpArgs& args, const flatbuffers::Vector<uint8_t>* bytes, const char* what,
                 T* value) {
  if (bytes == nullptr || bytes->size() != sizeof(T)) {
    return op_error(args, "%s needs %lu bytes", what, static_cast<unsigned long>(sizeof(T)));
  }
  memcpy(value, bytes->data(), sizeof(T));
  return Error::Ok;
}

template <typename T>
Error run_clamp(const OpArgs& args, const fb::ClampAttribute& attr, Phase phase) {
  T lo = 0, hi = 0;
  WICK_TRY(read_bound(args, attr.min_val(), "min_val", &lo));
  WICK_TRY(read_bound(args, attr.max_val(), "max_val", &hi));
  if (lo != lo || hi != hi || hi < lo) return op_error(args, "bounds are NaN or max < min");
  if (phase == Phase::Check) return Error::Ok;
  const TensorRef& in = args.in(0);
  if constexpr (std::is_floating_point<T>::value) {
    clamp_float(in.numel, in.as<float>(), lo, hi, attr.nan_mode() != fb::NanPropagationMode::IGNORE,
                args.out().as<float>());
  } else {
    clamp(in.numel, in.as<T>(), lo, hi, args.out().as<T>());
  }
  return Error::Ok;
}

}  // namespace

Error op_clamp(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const auto* attr = attribute<fb::ClampAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing ClampAttribute");
  const TensorRef& in = args.in(0);
  WICK_TRY(expect_same_shape(args, in, args.out(), "input/output"));
  WICK_TRY(expect_dtype(args, args.out(), in.dtype, "output"));
  switch (in.dtype) {
    case fb::DType::INT8:
      return run_clamp<int8_t>(args, *attr, phase);
    case fb::DType::INT16:
      return run_clamp<int16_t>(args, *attr, phase);
    case fb::DType::FP32:
      return run_clamp<float>(args, *attr, phase);
    default:
      return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
  }
}

}  // namespace tosa
}  // namespace wick
