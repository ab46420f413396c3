// Error codes shared by the runtime, kernels, backends and tools.
//
// Values follow the ExecuTorch numbering so that logs from either runtime read
// the same. Errors are values: nothing in device code throws or aborts on
// input it did not create itself.
#pragma once

#include <stdint.h>

namespace wick {

enum class Error : uint8_t {
  Ok = 0x00,
  Internal = 0x01,
  InvalidState = 0x02,
  EndOfMethod = 0x03,

  NotSupported = 0x10,
  NotImplemented = 0x11,
  InvalidArgument = 0x12,
  InvalidType = 0x13,
  OperatorMissing = 0x14,

  NotFound = 0x20,
  MemoryAllocationFailed = 0x21,
  AccessFailed = 0x22,
  InvalidProgram = 0x23,
  InvalidExternalData = 0x24,
  OutOfResources = 0x25,

  DelegateInvalidCompatibility = 0x30,
  DelegateMemoryAllocationFailed = 0x31,
  DelegateInvalidHandle = 0x32,
};

// Stable readable name, e.g. "InvalidProgram". Never null.
const char* error_name(Error error);

}  // namespace wick

// Propagates a non-Ok Error from an expression returning Error.
#define WICK_TRY(expr)                                \
  do {                                                \
    const ::wick::Error wick_try_error_ = (expr);     \
    if (wick_try_error_ != ::wick::Error::Ok) {       \
      return wick_try_error_;                         \
    }                                                 \
  } while (0)

#define WICK_CONCAT_INNER_(a, b) a##b
#define WICK_CONCAT_(a, b) WICK_CONCAT_INNER_(a, b)

// Declares `lhs` from a Result-returning expression, or propagates its error.
//   WICK_TRY_ASSIGN(auto program, Program::load(data));
#define WICK_TRY_ASSIGN(lhs, expr) \
  WICK_TRY_ASSIGN_IMPL_(WICK_CONCAT_(wick_result_, __LINE__), lhs, expr)
#define WICK_TRY_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) {                            \
    return tmp.error();                       \
  }                                           \
  lhs = static_cast<decltype(tmp)&&>(tmp).value()
