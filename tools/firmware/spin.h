// A loop of exactly 2 instructions per iteration (subs + bne), the known
// workload the instruction counter is checked against.
#pragma once

#include <stdint.h>

namespace wick {
namespace firmware {

// Runs `iterations` (>= 1) iterations: 2 * iterations instructions, plus a
// fixed call overhead.
void spin(uint32_t iterations);

}  // namespace firmware
}  // namespace wick
