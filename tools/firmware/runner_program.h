// Where the runner's program comes from. CMake links exactly one definition:
// runner_program_file.cpp (none linked in: the runner reads the program
// through semihosting) or runner_program_linked.cpp, for images made by
// wick_firmware_with_model() with a .pte in flash (WICK_PLACE_PTE).
#pragma once

#include <stdint.h>

#include "wick/span.h"

namespace wick {
namespace runner {

// The program linked into the image, 16-byte aligned; empty when none is.
Span<const uint8_t> linked_program();

}  // namespace runner
}  // namespace wick
