// Logging: one macro with a compile-time floor. The sink is a platform
// function (platform/<target>/log.cpp), so device builds pick where text goes.
#pragma once

#include <stdarg.h>

namespace wick {

enum class LogLevel : unsigned char { Debug = 0, Info = 1, Error = 2 };

// Implemented by the platform.
void platform_log(LogLevel level, const char* fmt, va_list args);

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
inline void log(LogLevel level, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  platform_log(level, fmt, args);
  va_end(args);
}

}  // namespace wick

#ifndef WICK_LOG_MIN_LEVEL
#define WICK_LOG_MIN_LEVEL 1
#endif

// WICK_LOG(Error, "conv: input has %d channels, weight expects %d", a, b);
#define WICK_LOG(level, ...)                                                              \
  do {                                                                                    \
    if (static_cast<int>(::wick::LogLevel::level) >= WICK_LOG_MIN_LEVEL) {               \
      ::wick::log(::wick::LogLevel::level, __VA_ARGS__);                                  \
    }                                                                                     \
  } while (0)
