// wick::platform_log and console printing over semihosting. Formatting is
// newlib's vsnprintf into a stack buffer: for a string target and integer,
// string and pointer conversions it never allocates (the heap trap would end
// the program if it did; hello.cpp and tests/platform exercise this).
// Floating-point conversions do allocate: see platform.h.
#include "wick/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/semihosting.h"

namespace wick {
namespace {

constexpr size_t kLineBytes = 256;

// Formats into `line` (NUL-terminated, cut to fit) after `prefix`; returns
// the text length.
size_t format(char (&line)[kLineBytes], const char* prefix, const char* fmt, va_list args) {
  size_t used = 0;
  while (prefix[used] != '\0' && used < kLineBytes - 1) {
    line[used] = prefix[used];
    ++used;
  }
  const int n = vsnprintf(line + used, kLineBytes - used, fmt, args);
  if (n < 0) {
    line[used] = '\0';
    return used;
  }
  used += static_cast<size_t>(n);
  return used < kLineBytes - 1 ? used : kLineBytes - 1;
}

}  // namespace

void platform_log(LogLevel level, const char* fmt, va_list args) {
  static const char* const kPrefix[] = {"wick debug: ", "wick info: ", "wick error: "};
  char line[kLineBytes];
  size_t length = format(line, kPrefix[static_cast<int>(level)], fmt, args);
  if (length == kLineBytes - 1) --length;  // keep room for the newline
  line[length] = '\n';
  line[length + 1] = '\0';
  semihosting::write0(line);
}

namespace platform {

void print(const char* text) { semihosting::write0(text); }

void printf(const char* fmt, ...) {
  char line[kLineBytes];
  va_list args;
  va_start(args, fmt);
  format(line, "", fmt, args);
  va_end(args);
  semihosting::write0(line);
}

}  // namespace platform
}  // namespace wick
