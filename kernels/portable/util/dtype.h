// Element types as C++ types: float16/bfloat16 storage, per-element loads and
// stores with PyTorch's cast rules, and the one dtype switch every kernel uses.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <type_traits>

#include "wick/scalar_type.h"

namespace wick {
namespace portable {

// IEEE binary16 storage; arithmetic happens in float.
struct Half {
  uint16_t bits;
};
// bfloat16 storage (upper half of a float32).
struct BFloat16 {
  uint16_t bits;
};

inline uint32_t float_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof(u));
  return u;
}
inline float bits_float(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof(f));
  return f;
}

inline float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  if (exp == 0x1f) return bits_float(sign | 0x7f800000u | (mant << 13));
  if (exp != 0) return bits_float(sign | ((exp + 112u) << 23) | (mant << 13));
  if (mant == 0) return bits_float(sign);
  // Subnormal half: value = mant * 2^-24, exact in float.
  const float magnitude = static_cast<float>(mant) * 5.9604644775390625e-8f;
  return sign != 0 ? -magnitude : magnitude;
}

// Round to nearest even, as c10::Half does.
inline uint16_t float_to_half(float f) {
  const uint32_t u = float_bits(f);
  const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
  const uint32_t abs = u & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf or NaN
    return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
  }
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds to inf
  if (abs < 0x38800000u) {
    // Result is subnormal (or zero): round |f| * 2^24 to an integer, ties to even.
    const float scaled = bits_float(abs) * 16777216.0f;
    const float rounded = nearbyintf(scaled);
    return static_cast<uint16_t>(sign | static_cast<uint16_t>(rounded));
  }
  const uint32_t mant_odd = (abs >> 13) & 1u;
  const uint32_t biased = abs + 0xfffu + mant_odd;  // round to nearest even on bit 13
  return static_cast<uint16_t>(sign | ((biased - 0x38000000u) >> 13));
}

inline float bfloat16_to_float(uint16_t b) { return bits_float(static_cast<uint32_t>(b) << 16); }

inline uint16_t float_to_bfloat16(float f) {
  const uint32_t u = float_bits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;  // canonical NaN
  const uint32_t rounding_bias = 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>((u + rounding_bias) >> 16);
}

// Float to integer as PyTorch does on x86: truncation, with NaN and
// out-of-range values mapping to the minimum (what cvttsd2si produces)
// instead of C++ undefined behaviour.
inline int64_t float_to_int64(double v) {
  if (!(v > -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
  return static_cast<int64_t>(v);
}

// Reads element `p` of dtype `t` as T. Integers go through int64 and floats
// through double, so the result is the value static_cast would give.
template <typename T>
inline T load_as(const void* p, ScalarType t);

inline int64_t load_int64(const void* p, ScalarType t) {
  switch (t) {
    case ScalarType::Bool: return *static_cast<const bool*>(p) ? 1 : 0;
    case ScalarType::Byte: return *static_cast<const uint8_t*>(p);
    case ScalarType::Char: return *static_cast<const int8_t*>(p);
    case ScalarType::Short: return *static_cast<const int16_t*>(p);
    case ScalarType::Int: return *static_cast<const int32_t*>(p);
    case ScalarType::Long: return *static_cast<const int64_t*>(p);
    case ScalarType::Half: return float_to_int64(half_to_float(*static_cast<const uint16_t*>(p)));
    case ScalarType::BFloat16:
      return float_to_int64(bfloat16_to_float(*static_cast<const uint16_t*>(p)));
    case ScalarType::Float: return float_to_int64(*static_cast<const float*>(p));
    case ScalarType::Double: return float_to_int64(*static_cast<const double*>(p));
    default: return 0;
  }
}

inline double load_double(const void* p, ScalarType t) {
  switch (t) {
    case ScalarType::Half: return half_to_float(*static_cast<const uint16_t*>(p));
    case ScalarType::BFloat16: return bfloat16_to_float(*static_cast<const uint16_t*>(p));
    case ScalarType::Float: return *static_cast<const float*>(p);
    case ScalarType::Double: return *static_cast<const double*>(p);
    case ScalarType::Long: return static_cast<double>(*static_cast<const int64_t*>(p));
    default: return static_cast<double>(load_int64(p, t));
  }
}

inline bool load_bool(const void* p, ScalarType t) {
  switch (t) {
    case ScalarType::Half:
    case ScalarType::BFloat16:
    case ScalarType::Float:
    case ScalarType::Double: return load_double(p, t) != 0.0;
    default: return load_int64(p, t) != 0;
  }
}

template <typename T>
inline T load_as(const void* p, ScalarType t) {
  if (is_floating(t)) {
    const double v = load_double(p, t);
    if (std::is_floating_point<T>::value) return static_cast<T>(v);
    return static_cast<T>(float_to_int64(v));
  }
  return static_cast<T>(load_int64(p, t));
}
template <>
inline bool load_as<bool>(const void* p, ScalarType t) {
  return load_bool(p, t);
}
template <>
inline float load_as<float>(const void* p, ScalarType t) {
  if (t == ScalarType::Float) return *static_cast<const float*>(p);
  if (t == ScalarType::Half) return half_to_float(*static_cast<const uint16_t*>(p));
  if (t == ScalarType::BFloat16) return bfloat16_to_float(*static_cast<const uint16_t*>(p));
  if (t == ScalarType::Double) return static_cast<float>(*static_cast<const double*>(p));
  return static_cast<float>(load_int64(p, t));
}

// Writes v (a value of C type T) into element `p` of dtype `t`.
template <typename T>
inline void store_as(void* p, ScalarType t, T v) {
  const bool floating_source = std::is_floating_point<T>::value;
  switch (t) {
    case ScalarType::Bool: *static_cast<bool*>(p) = v != 0; return;
    case ScalarType::Half: *static_cast<uint16_t*>(p) = float_to_half(static_cast<float>(v)); return;
    case ScalarType::BFloat16:
      *static_cast<uint16_t*>(p) = float_to_bfloat16(static_cast<float>(v));
      return;
    case ScalarType::Float: *static_cast<float*>(p) = static_cast<float>(v); return;
    case ScalarType::Double: *static_cast<double*>(p) = static_cast<double>(v); return;
    default: break;
  }
  int64_t i;
  if (floating_source) {
    const double d = static_cast<double>(v);
    // Like cvttss2si into a 32-bit register: out of range gives INT32_MIN.
    if (t == ScalarType::Int && !(d > -2147483649.0 && d < 2147483648.0)) {
      i = INT32_MIN;
    } else {
      i = float_to_int64(d);
    }
  } else {
    i = static_cast<int64_t>(v);
  }
  switch (t) {
    case ScalarType::Byte: *static_cast<uint8_t*>(p) = static_cast<uint8_t>(i); return;
    case ScalarType::Char: *static_cast<int8_t*>(p) = static_cast<int8_t>(i); return;
    case ScalarType::Short: *static_cast<int16_t*>(p) = static_cast<int16_t>(i); return;
    case ScalarType::Int: *static_cast<int32_t*>(p) = static_cast<int32_t>(i); return;
    case ScalarType::Long: *static_cast<int64_t*>(p) = i; return;
    default: return;
  }
}
template <>
inline void store_as<bool>(void* p, ScalarType t, bool v) {
  store_as<int64_t>(p, t, v ? 1 : 0);
}

// The C++ type a dtype computes in (Half and BFloat16 compute in float).
template <typename T>
struct TypeTag {
  using type = T;
};

// The one dtype switch: calls fn(TypeTag<T>{}) with T the compute type of
// `t`. Returns false (without calling fn) for a dtype the kernels do not
// handle.
template <typename Fn>
inline bool switch_compute_type(ScalarType t, Fn&& fn) {
  switch (t) {
    case ScalarType::Bool: fn(TypeTag<bool>{}); return true;
    case ScalarType::Byte: fn(TypeTag<uint8_t>{}); return true;
    case ScalarType::Char: fn(TypeTag<int8_t>{}); return true;
    case ScalarType::Short: fn(TypeTag<int16_t>{}); return true;
    case ScalarType::Int: fn(TypeTag<int32_t>{}); return true;
    case ScalarType::Long: fn(TypeTag<int64_t>{}); return true;
    case ScalarType::Half:
    case ScalarType::BFloat16:
    case ScalarType::Float: fn(TypeTag<float>{}); return true;
    case ScalarType::Double: fn(TypeTag<double>{}); return true;
    default: return false;
  }
}

// The dtype whose storage is exactly T (used to pick fast paths).
template <typename T>
constexpr ScalarType dtype_of();
template <> constexpr ScalarType dtype_of<bool>() { return ScalarType::Bool; }
template <> constexpr ScalarType dtype_of<uint8_t>() { return ScalarType::Byte; }
template <> constexpr ScalarType dtype_of<int8_t>() { return ScalarType::Char; }
template <> constexpr ScalarType dtype_of<int16_t>() { return ScalarType::Short; }
template <> constexpr ScalarType dtype_of<int32_t>() { return ScalarType::Int; }
template <> constexpr ScalarType dtype_of<int64_t>() { return ScalarType::Long; }
template <> constexpr ScalarType dtype_of<float>() { return ScalarType::Float; }
template <> constexpr ScalarType dtype_of<double>() { return ScalarType::Double; }

}  // namespace portable
}  // namespace wick
