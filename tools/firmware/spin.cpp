#include "tools/firmware/spin.h"

namespace wick {
namespace firmware {

__attribute__((noinline)) void spin(uint32_t iterations) {
  __asm__ volatile(
      "1:\n"
      "subs %0, %0, #1\n"
      "bne 1b\n"
      : "+r"(iterations)
      :
      : "cc");
}

}  // namespace firmware
}  // namespace wick
