// A runner with its program in flash: the bytes come from an assembler file
// that wick_firmware_with_model() generates (an .incbin of the .pte into the
// section WICK_PLACE_PTE names, 16-byte aligned, between these two labels).
#include "tools/firmware/runner_program.h"

extern "C" const uint8_t wick_linked_pte_begin[];
extern "C" const uint8_t wick_linked_pte_end[];

namespace wick {
namespace runner {

Span<const uint8_t> linked_program() {
  return Span<const uint8_t>(wick_linked_pte_begin,
                             static_cast<size_t>(wick_linked_pte_end - wick_linked_pte_begin));
}

}  // namespace runner
}  // namespace wick
