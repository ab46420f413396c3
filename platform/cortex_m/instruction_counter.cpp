// Instruction counting with SysTick, as in docs/anchors.md: the 24-bit
// counter runs on the processor clock and an interrupt counts its wraps.
// Under QEMU's `-icount shift=5` every instruction advances virtual time by
// 2^5 ns, so ticks per instruction is the board's clock times 32 ns:
// 32 MHz on mps3-an547 gives 1.024, 25 MHz on mps2 gives 0.8. The board's
// CMake passes the inverse, instructions per tick, as a fraction
// WICK_INSTRUCTIONS_PER_TICK_NUM / 2^WICK_INSTRUCTIONS_PER_TICK_SHIFT
// (125/128 and 5/4), which tools/firmware/calibrate.cpp verifies.
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/registers.h"
#include "platform/cortex_m/startup.h"

#if !defined(WICK_INSTRUCTIONS_PER_TICK_NUM) || !defined(WICK_INSTRUCTIONS_PER_TICK_SHIFT)
#error "the board must define WICK_INSTRUCTIONS_PER_TICK_NUM and _SHIFT"
#endif

namespace wick {
namespace {

constexpr uint32_t kReload = 0xFFFFFF;  // full 24-bit range: one wrap per 2^24 ticks
constexpr uint64_t kTicksPerWrap = uint64_t{kReload} + 1;

volatile uint32_t g_wraps = 0;
uint32_t g_overhead = 0;

}  // namespace

extern "C" void SysTick_Handler() { g_wraps = g_wraps + 1; }

namespace platform {

uint64_t systick_ticks() {
  using namespace cortex_m;
  uint32_t wraps;
  uint32_t current;
  bool pending;
  do {
    wraps = g_wraps;
    current = reg(kSysTickCvr);
    pending = (reg(kIcsr) & kIcsrPendSysTick) != 0;
  } while (wraps != g_wraps);
  // A wrap whose interrupt has not run yet: the counter has just reloaded
  // (reads high) while g_wraps still holds the old count.
  if (pending && current > kReload / 2) ++wraps;
  return wraps * kTicksPerWrap + (kReload - current);
}

uint64_t instructions() {
  return (systick_ticks() * WICK_INSTRUCTIONS_PER_TICK_NUM) >> WICK_INSTRUCTIONS_PER_TICK_SHIFT;
}

uint64_t instructions_since(uint64_t start) {
  const uint64_t elapsed = instructions() - start;
  // Readings round down independently, so a very short interval can come
  // out just below the measured overhead.
  return elapsed > g_overhead ? elapsed - g_overhead : 0;
}

uint32_t instructions_overhead() { return g_overhead; }

}  // namespace platform

namespace cortex_m {

void start_instruction_counter() {
  reg(kSysTickCsr) = 0;
  reg(kSysTickRvr) = kReload;
  reg(kSysTickCvr) = 0;  // any write clears the counter
  reg(kSysTickCsr) = kSysTickEnable | kSysTickInterrupt | kSysTickProcessorClock;

  // The smallest interval two back-to-back reads can see.
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < 8; ++i) {
    const uint64_t before = platform::instructions();
    const uint64_t after = platform::instructions();
    if (after - before < best) best = after - before;
  }
  g_overhead = static_cast<uint32_t>(best);
}

}  // namespace cortex_m
}  // namespace wick
