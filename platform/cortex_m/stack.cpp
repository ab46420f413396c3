// Stack high-water mark: start-up paints the unused stack, and the deepest
// point reached is the lowest word whose paint has been overwritten.
#include <stddef.h>
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/registers.h"
#include "platform/cortex_m/startup.h"

namespace wick {
namespace {
constexpr uint32_t kPaint = 0x57C4A11Eu;
// The compiler may read sp before paint_stack() pushes its own registers;
// stay clear of that push.
constexpr uintptr_t kPaintMargin = 64;
}  // namespace

namespace cortex_m {

void paint_stack() {
  // Everything below the current stack pointer is unused; start-up's frames
  // above it are left alone. Interrupts are not running yet.
  uint32_t* const end =
      reinterpret_cast<uint32_t*>((stack_pointer() - kPaintMargin) & ~uintptr_t{3});
  for (volatile uint32_t* p = __stack_limit; p < end; ++p) *p = kPaint;
}

}  // namespace cortex_m

namespace platform {

size_t stack_high_water() {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == kPaint) ++p;
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(__stack_top) -
                             reinterpret_cast<uintptr_t>(p));
}

size_t stack_size() {
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(__stack_top) -
                             reinterpret_cast<uintptr_t>(__stack_limit));
}

}  // namespace platform
}  // namespace wick
