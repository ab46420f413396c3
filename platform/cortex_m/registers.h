// System control registers shared by ARMv7-M and ARMv8-M (the only ones the
// platform touches). Addresses from the Armv7-M/Armv8-M Architecture Reference
// Manuals, "System Control Space".
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {

inline volatile uint32_t& reg(uintptr_t address) {
  return *reinterpret_cast<volatile uint32_t*>(address);
}

// SysTick.
constexpr uintptr_t kSysTickCsr = 0xE000E010;  // control and status
constexpr uintptr_t kSysTickRvr = 0xE000E014;  // reload value
constexpr uintptr_t kSysTickCvr = 0xE000E018;  // current value (counts down)
constexpr uint32_t kSysTickEnable = 1u << 0;
constexpr uint32_t kSysTickInterrupt = 1u << 1;
constexpr uint32_t kSysTickProcessorClock = 1u << 2;

// System Control Block.
constexpr uintptr_t kIcsr = 0xE000ED04;  // interrupt control and state
constexpr uint32_t kIcsrPendSysTick = 1u << 26;
constexpr uintptr_t kCcr = 0xE000ED14;  // configuration and control
constexpr uint32_t kCcrDivideByZeroTrap = 1u << 4;
constexpr uintptr_t kShcsr = 0xE000ED24;  // system handler control and state
constexpr uint32_t kShcsrFaultsEnable = (1u << 16) | (1u << 17) | (1u << 18);  // Mem, Bus, Usage
constexpr uintptr_t kCfsr = 0xE000ED28;   // configurable fault status
constexpr uintptr_t kHfsr = 0xE000ED2C;   // hard fault status
constexpr uintptr_t kMmfar = 0xE000ED34;  // memory-management fault address
constexpr uintptr_t kBfar = 0xE000ED38;   // bus fault address
constexpr uintptr_t kCpacr = 0xE000ED88;  // coprocessor access control
// Full access to CP10/CP11: the FPU and, on Armv8.1-M, Helium (MVE).
constexpr uint32_t kCpacrFpuFullAccess = 0xFu << 20;

inline void data_sync_barrier() { __asm__ volatile("dsb" ::: "memory"); }
inline void instruction_sync_barrier() { __asm__ volatile("isb" ::: "memory"); }

inline uintptr_t stack_pointer() {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

}  // namespace cortex_m
}  // namespace wick
