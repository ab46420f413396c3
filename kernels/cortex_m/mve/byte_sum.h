// The sum of n int8 values on Helium: a weight row's sum for kernel sums,
// an input's for a filter offset.
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {
namespace mve {

// A tail-predicated loop (WLSTP/LETP: the last pass's lanes past n are
// inactive), so no byte past n is read. VADDVA accumulates into an even
// register ("Te"). The sum wraps in int32 like the reference accumulators.
inline int32_t sum_s8(const int8_t* x, int32_t n) {
  int32_t sum = 0;
  asm volatile(
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vldrb.8 q0, [%[x]], #16\n"
      "   vaddva.s8 %[sum], q0\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [sum] "+Te"(sum), [x] "+r"(x)
      : [n] "r"(n)
      : "q0", "lr", "memory");
  return sum;
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
