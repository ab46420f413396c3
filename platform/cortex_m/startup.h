// Linker-script symbols and exit statuses shared by the start-up, stack and
// fault code of the Cortex-M platform.
#pragma once

#include <stdint.h>

extern "C" {
extern uint32_t __stack_top[];    // initial main stack pointer
extern uint32_t __stack_limit[];  // lowest address the main stack may use
}

namespace wick {
namespace cortex_m {

// QEMU exit statuses for failures the platform itself detects; anything else
// is main()'s return value.
constexpr int kExitHeapUse = 101;  // malloc/free/_sbrk was called
constexpr int kExitFault = 102;    // HardFault, MemManage, BusFault, UsageFault...
constexpr int kExitAbort = 103;    // abort(), assert(), pure virtual call

// Fills [__stack_limit, sp) with the paint pattern stack_high_water() scans for.
void paint_stack();
// Starts SysTick (processor clock, interrupt on wrap) and measures the
// overhead of reading it.
void start_instruction_counter();

}  // namespace cortex_m
}  // namespace wick
