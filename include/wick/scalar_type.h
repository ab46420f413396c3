// Element types, numbered exactly as the .pte schema's ScalarType enum.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {

enum class ScalarType : int8_t {
  Byte = 0,   // uint8
  Char = 1,   // int8
  Short = 2,  // int16
  Int = 3,    // int32
  Long = 4,   // int64
  Half = 5,   // IEEE float16 (storage)
  Float = 6,
  Double = 7,
  Bool = 11,
  QInt8 = 12,
  QUInt8 = 13,
  QInt32 = 14,
  BFloat16 = 15,  // storage
  QUInt4x2 = 16,
  QUInt2x4 = 17,
  Bits16 = 22,
  Float8e5m2 = 23,
  Float8e4m3fn = 24,
  Float8e5m2fnuz = 25,
  Float8e4m3fnuz = 26,
  UInt16 = 27,
  UInt32 = 28,
  UInt64 = 29,
};

// Bytes per element; 0 for a value that is not a known ScalarType (callers
// treat 0 as "unsupported dtype").
constexpr size_t element_size(ScalarType t) {
  switch (t) {
    case ScalarType::Byte:
    case ScalarType::Char:
    case ScalarType::Bool:
    case ScalarType::QInt8:
    case ScalarType::QUInt8:
    case ScalarType::QUInt4x2:
    case ScalarType::QUInt2x4:
    case ScalarType::Float8e5m2:
    case ScalarType::Float8e4m3fn:
    case ScalarType::Float8e5m2fnuz:
    case ScalarType::Float8e4m3fnuz:
      return 1;
    case ScalarType::Short:
    case ScalarType::Half:
    case ScalarType::BFloat16:
    case ScalarType::Bits16:
    case ScalarType::UInt16:
      return 2;
    case ScalarType::Int:
    case ScalarType::Float:
    case ScalarType::QInt32:
    case ScalarType::UInt32:
      return 4;
    case ScalarType::Long:
    case ScalarType::Double:
    case ScalarType::UInt64:
      return 8;
  }
  return 0;
}

// Short lowercase name as numpy/torch spell it ("float32", "int8", ...).
const char* scalar_type_name(ScalarType t);

constexpr bool is_floating(ScalarType t) {
  return t == ScalarType::Float || t == ScalarType::Double || t == ScalarType::Half ||
         t == ScalarType::BFloat16;
}
constexpr bool is_integral(ScalarType t, bool include_bool) {
  switch (t) {
    case ScalarType::Byte:
    case ScalarType::Char:
    case ScalarType::Short:
    case ScalarType::Int:
    case ScalarType::Long:
      return true;
    case ScalarType::Bool:
      return include_bool;
    default:
      return false;
  }
}

}  // namespace wick
