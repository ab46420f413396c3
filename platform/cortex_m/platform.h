// What a Cortex-M firmware gets from the Wick platform layer beyond
// wick::platform_log: console output, an instruction counter and the stack
// high-water mark. Start-up (platform/cortex_m/startup.cpp) has already
// enabled the FPU/Helium, initialised memory, painted the stack and started
// the counter when main() runs; main's return value becomes QEMU's exit status.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {
namespace platform {

// Console output through semihosting (no heap; formatting is newlib's
// vsnprintf into a stack buffer, lines longer than 255 characters are cut).
// Integers of every width format without allocating, but newlib formats
// floating point (%f, %e, %g) through the heap: in device code that ends
// the program (heap trap, exit status 101). %z is not supported either.
void print(const char* text);
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void printf(const char* fmt, ...);

// Executed instructions since reset, from SysTick ticks (with a wrap-counting
// interrupt) divided by the board's calibrated ticks per instruction. Exact
// only under QEMU's `-icount shift=5`, which python/wick/sim/qemu.py always
// passes.
uint64_t instructions();
// Instructions executed since `start` (an instructions() reading), without
// the cost of the two readings themselves; never negative.
//   const uint64_t t0 = wick::platform::instructions();
//   work();
//   const uint64_t n = wick::platform::instructions_since(t0);
uint64_t instructions_since(uint64_t start);
// Instructions a back-to-back pair of instructions() calls adds to an
// interval, measured at start-up (instructions_since subtracts it).
uint32_t instructions_overhead();
// Raw SysTick ticks since reset (what instructions() converts).
uint64_t systick_ticks();

// Stack bytes used so far: the deepest point reached below the stack top,
// found by scanning for the paint that start-up laid down.
size_t stack_high_water();
// Bytes reserved for the main stack by the linker script.
size_t stack_size();

}  // namespace platform
}  // namespace wick
