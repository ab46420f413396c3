#include "examples/tiny_rps/firmware/console.h"

#include <math.h>
#include <stdio.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/semihosting.h"

namespace tiny_rps {
namespace {

constexpr char kRamp[] = " .:-=+*#%@";
constexpr int kRampSteps = sizeof(kRamp) - 1;

void art_row(const uint8_t* row, char* out) {
  for (int x = 0; x < kSide; ++x) out[x] = kRamp[row[x] * kRampSteps / 256];
}

}  // namespace

int read_key() {
  // ":tt" opened for reading is the console's input (Arm semihosting); QEMU
  // without a semihosting chardev reads it from its own stdin, blocking.
  static int32_t console = -2;  // -2: not opened yet
  if (console == -2) {
    console = wick::semihosting::open(":tt", wick::semihosting::OpenMode::ReadBinary);
  }
  if (console < 0) return -1;
  uint8_t key = 0;
  if (wick::semihosting::read(console, &key, 1) != 0) return -1;  // nothing read: end of input
  return key;
}

void print_art_pair(const uint8_t left[kPixels], const uint8_t right[kPixels]) {
  char line[2 * kSide + 16];
  for (int y = 0; y < kSide; y += 2) {
    int n = 0;
    line[n++] = ' ';
    line[n++] = ' ';
    line[n++] = '|';
    art_row(left + y * kSide, line + n);
    n += kSide;
    static constexpr char kGap[] = "|    |";
    for (int i = 0; i < 6; ++i) line[n++] = kGap[i];
    art_row(right + y * kSide, line + n);
    n += kSide;
    line[n++] = '|';
    line[n++] = '\n';
    line[n] = '\0';
    wick::platform::print(line);
  }
}

void format_fixed(float value, int decimals, char* out, size_t size) {
  long scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const bool negative = value < 0.0f;
  const float magnitude = negative ? -value : value;
  if (!(magnitude < 1e9f)) {  // also NaN
    snprintf(out, size, "%s", value != value ? "nan" : (negative ? "-big" : "big"));
    return;
  }
  const long long scaled = llroundf(magnitude * static_cast<float>(scale));
  const long long whole = scaled / scale;
  const long long fraction = scaled % scale;
  if (decimals == 0) {
    snprintf(out, size, "%s%lld", negative ? "-" : "", whole);
  } else {
    snprintf(out, size, "%s%lld.%0*lld", negative ? "-" : "", whole, decimals, fraction);
  }
}

}  // namespace tiny_rps
