// Reset and fault handling for Cortex-M4/M7/M55 images under QEMU.
//
// Deliberately not newlib's crt0: rdimon's start-up asks the host for heap
// limits (SYS_HEAPINFO) and QEMU's answer moves the stack into ITCM. The reset
// handler below sets up memory itself and calls main() directly.
#include "platform/cortex_m/startup.h"

#include <stddef.h>
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/registers.h"
#include "platform/cortex_m/semihosting.h"

extern "C" {
extern uint32_t __data_start[];
extern uint32_t __data_end[];
extern uint32_t __data_load_start[];
extern uint32_t __bss_start[];
extern uint32_t __bss_end[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

int main();
void Reset_Handler();
void Fault_Handler();
void Unexpected_Handler();
void SysTick_Handler();  // instruction_counter.cpp
void wick_report_fault(const uint32_t* frame);
}

namespace {

using Handler = void (*)();

struct VectorTable {
  const void* initial_stack_pointer;
  Handler handlers[15];
};

// Only the system exceptions: the platform enables no external interrupt.
__attribute__((section(".vectors"), used)) const VectorTable g_vector_table = {
    __stack_top,
    {
        Reset_Handler,       // 1  Reset
        Unexpected_Handler,  // 2  NMI
        Fault_Handler,       // 3  HardFault
        Fault_Handler,       // 4  MemManage
        Fault_Handler,       // 5  BusFault
        Fault_Handler,       // 6  UsageFault
        Fault_Handler,       // 7  SecureFault (Armv8-M), reserved on Armv7-M
        nullptr,             // 8  reserved
        nullptr,             // 9  reserved
        nullptr,             // 10 reserved
        Unexpected_Handler,  // 11 SVCall
        Unexpected_Handler,  // 12 DebugMonitor
        nullptr,             // 13 reserved
        Unexpected_Handler,  // 14 PendSV
        SysTick_Handler,     // 15 SysTick
    },
};

uint32_t exception_number() {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr & 0x1FF;
}

// Kept out of line so that nothing the compiler generates for it (FP or
// Helium instructions, say from vectorised loops) runs before the FPU is on.
__attribute__((noinline, noreturn)) void start() {
  using namespace wick::cortex_m;
  const uint32_t* load = __data_load_start;
  for (uint32_t* p = __data_start; p < __data_end; ++p) *p = *load++;
  for (uint32_t* p = __bss_start; p < __bss_end; ++p) *p = 0;

  paint_stack();
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
  // A stack overflow becomes a UsageFault (STKOF) instead of silently
  // corrupting .bss.
  __asm__ volatile("msr msplim, %0" ::"r"(__stack_limit));
#endif
  // Report MemManage/Bus/Usage faults by name, and trap integer division by
  // zero instead of silently yielding 0.
  reg(kShcsr) |= kShcsrFaultsEnable;
  reg(kCcr) |= kCcrDivideByZeroTrap;
  data_sync_barrier();
  instruction_sync_barrier();

  for (void (**init)() = __init_array_start; init < __init_array_end; ++init) (*init)();

  start_instruction_counter();
  wick::semihosting::exit(main());
}

}  // namespace

extern "C" void Reset_Handler() {
  using namespace wick::cortex_m;
  reg(kCpacr) |= kCpacrFpuFullAccess;
  data_sync_barrier();
  instruction_sync_barrier();
  start();
}

// Finds the stacked exception frame, then reports in C. Stack-limit checking
// is switched off first: after a stack overflow the report itself needs stack.
extern "C" __attribute__((naked)) void Fault_Handler() {
  __asm__ volatile(
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
      "movs r0, #0\n"
      "msr msplim, r0\n"
#endif
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "b wick_report_fault\n");
}

extern "C" void wick_report_fault(const uint32_t* frame) {
  using namespace wick::cortex_m;
  static const char* const kNames[] = {"",          "Reset",    "NMI",        "HardFault",
                                       "MemManage", "BusFault", "UsageFault", "SecureFault"};
  const uint32_t number = exception_number();
  wick::platform::printf(
      "wick fault: %s (exception %u) at pc=0x%08lx lr=0x%08lx cfsr=0x%08lx hfsr=0x%08lx "
      "mmfar=0x%08lx bfar=0x%08lx\n",
      number < 8 ? kNames[number] : "?", static_cast<unsigned>(number),
      static_cast<unsigned long>(frame[6]), static_cast<unsigned long>(frame[5]),
      static_cast<unsigned long>(reg(kCfsr)), static_cast<unsigned long>(reg(kHfsr)),
      static_cast<unsigned long>(reg(kMmfar)), static_cast<unsigned long>(reg(kBfar)));
  wick::semihosting::exit(kExitFault);
}

extern "C" void Unexpected_Handler() {
  wick::platform::printf("wick fault: unexpected exception %u\n",
                         static_cast<unsigned>(exception_number()));
  wick::semihosting::exit(wick::cortex_m::kExitFault);
}
