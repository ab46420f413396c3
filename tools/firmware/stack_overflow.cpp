// Recurses past the end of the stack. On Armv8-M (Cortex-M55) start-up sets
// MSPLIM, so this must end in a UsageFault (STKOF) reported by the fault
// handler with exit status 102; Armv7-M has no stack limit register.
#include <stdint.h>

#include "platform/cortex_m/platform.h"

namespace {

// Never cleared; volatile so the compiler cannot see the recursion is endless.
volatile bool g_deeper = true;

__attribute__((noinline)) uint32_t recurse(uint32_t depth) {
  volatile uint8_t frame[512];
  frame[depth % sizeof(frame)] = static_cast<uint8_t>(depth);
  const uint32_t below = g_deeper ? recurse(depth + 1) : 0;
  return below + frame[(depth + 1) % sizeof(frame)];
}

}  // namespace

int main() {
  wick::platform::printf("stack_overflow: recursing past %lu bytes of stack\n",
                         static_cast<unsigned long>(wick::platform::stack_size()));
  const uint32_t result = recurse(0);
  wick::platform::printf("stack_overflow: returned %lu without a fault\n",
                         static_cast<unsigned long>(result));
  return 0;
}
