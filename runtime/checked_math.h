// Overflow-checked arithmetic for sizes and offsets read from files.
#pragma once

#include <stdint.h>

namespace wick {

template <typename T>
inline bool checked_add(T a, T b, T* out) {
  return !__builtin_add_overflow(a, b, out);
}

template <typename T>
inline bool checked_mul(T a, T b, T* out) {
  return !__builtin_mul_overflow(a, b, out);
}

}  // namespace wick
