// Checks the board's instruction-counter calibration the way docs/anchors.md
// measured it: the difference between two subs/bne loops is an exact number
// of instructions, so the calibrated counter must report exactly that (up to
// rounding). Run under QEMU with -icount shift=5. Exit 0 when it holds.
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "tools/firmware/spin.h"

namespace {

struct Sample {
  uint64_t ticks;
  uint64_t instructions;
};

Sample measure(uint32_t iterations) {
  const uint64_t ticks_before = wick::platform::systick_ticks();
  const uint64_t before = wick::platform::instructions();
  wick::firmware::spin(iterations);
  const uint64_t after = wick::platform::instructions();
  const uint64_t ticks_after = wick::platform::systick_ticks();
  return {ticks_after - ticks_before, after - before};
}

// Each SysTick wrap runs the counting interrupt, whose own instructions are
// counted too (entry, handler, return).
constexpr int64_t kInstructionsPerWrap = 16;
constexpr uint64_t kTicksPerWrap = uint64_t{1} << 24;

// Measures `extra` = 2 * (long - short) instructions as a difference; false
// if the calibrated count is off by more than rounding and the interrupts of
// the wraps crossed.
bool check_difference(uint32_t short_iterations, uint32_t long_iterations) {
  const Sample a = measure(short_iterations);
  const Sample b = measure(long_iterations);
  const uint64_t extra = 2ull * (long_iterations - short_iterations);
  const uint64_t ticks = b.ticks - a.ticks;
  const int64_t error =
      static_cast<int64_t>(b.instructions - a.instructions) - static_cast<int64_t>(extra);
  wick::platform::printf(
      "calibrate: %lu extra instructions -> %lu ticks (%lu.%03lu ticks per 1000 instructions), "
      "calibrated %ld off\n",
      static_cast<unsigned long>(extra), static_cast<unsigned long>(ticks),
      static_cast<unsigned long>(ticks * 1000 / extra),
      static_cast<unsigned long>(ticks * 1000000 / extra % 1000), static_cast<long>(error));
  const int64_t tolerance =
      2 + kInstructionsPerWrap * static_cast<int64_t>(b.ticks / kTicksPerWrap + 1);
  return error >= -2 && error <= tolerance;
}

}  // namespace

int main() {
  // 2,000,000 extra instructions, as in anchors.md; then 20,000,000, which
  // crosses at least one 2^24-tick SysTick wrap.
  const bool anchor = check_difference(1000000, 2000000);
  const bool wraps = check_difference(1000000, 11000000);
  wick::platform::printf("calibrate: counter overhead %lu instructions\n",
                         static_cast<unsigned long>(wick::platform::instructions_overhead()));
  wick::platform::printf("calibrate: %s\n", anchor && wraps ? "OK" : "FAILED");
  return anchor && wraps ? 0 : 1;
}
