// Scalar math with PyTorch/Python semantics, shared by kernels and prim ops.
#pragma once

#include <cmath>
#include <stdint.h>

#include <type_traits>

namespace wick {
namespace portable {

// c10::div_floor_floating: Python's a // b for floats.
template <typename T>
T div_floor_floating(T a, T b) {
  if (b == 0) return a / b;
  const T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0)) div -= T(1);
  if (div == 0) return std::copysign(T(0), a / b);
  T floordiv = std::floor(div);
  if (div - floordiv > T(0.5)) floordiv += T(1);
  return floordiv;
}

// Python's a // b for integers; b must be non-zero. Wraps on MIN // -1.
template <typename T>
T div_floor_integer(T a, T b) {
  if (b == T(-1)) return static_cast<T>(0 - static_cast<uint64_t>(a));
  T q = static_cast<T>(a / b);
  if (a % b != 0 && ((a < 0) != (b < 0))) q = static_cast<T>(q - 1);
  return q;
}

// C's truncating a / b for integers; b must be non-zero.
template <typename T>
T div_trunc_integer(T a, T b) {
  if (b == T(-1)) return static_cast<T>(0 - static_cast<uint64_t>(a));
  return static_cast<T>(a / b);
}

// Python's a % b (sign of the divisor).
template <typename T>
T remainder_floating(T a, T b) {
  T mod = std::fmod(a, b);
  if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
  return mod;
}
template <typename T>
T remainder_integer(T a, T b) {
  if constexpr (std::is_signed<T>::value) {
    if (b == T(-1)) return T(0);
    T mod = static_cast<T>(a % b);
    if (mod != 0 && (b < 0) != (mod < 0)) mod = static_cast<T>(mod + b);
    return mod;
  } else {
    return static_cast<T>(a % b);
  }
}

// Integer arithmetic that wraps (two's complement) like torch's CPU kernels
// instead of overflowing into undefined behaviour: computed in an unsigned
// type at least as wide as unsigned int. Floats and bool use plain C++.
template <typename T>
using WrapType =
    typename std::conditional<(sizeof(T) < sizeof(unsigned)), unsigned,
                              typename std::make_unsigned<T>::type>::type;

template <typename T>
constexpr bool wraps() {
  return std::is_integral<T>::value && !std::is_same<T, bool>::value;
}

template <typename T>
T wrap_add(T a, T b) {
  if constexpr (wraps<T>()) {
    return static_cast<T>(static_cast<WrapType<T>>(a) + static_cast<WrapType<T>>(b));
  } else {
    return static_cast<T>(a + b);
  }
}
template <typename T>
T wrap_sub(T a, T b) {
  if constexpr (wraps<T>()) {
    return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b));
  } else {
    return static_cast<T>(a - b);
  }
}
template <typename T>
T wrap_mul(T a, T b) {
  if constexpr (wraps<T>()) {
    return static_cast<T>(static_cast<WrapType<T>>(a) * static_cast<WrapType<T>>(b));
  } else {
    return static_cast<T>(a * b);
  }
}

// Clamp to [lo, hi] that propagates NaN (std::min/std::max order).
template <typename T>
T clamp_nan(T v, T lo, T hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

template <typename T>
constexpr bool is_floating_type() {
  return std::is_floating_point<T>::value;
}

}  // namespace portable
}  // namespace wick
