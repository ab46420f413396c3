// The plain runner: no program in the image; main() reads one through
// semihosting.
#include "tools/firmware/runner_program.h"

namespace wick {
namespace runner {

Span<const uint8_t> linked_program() { return {}; }

}  // namespace runner
}  // namespace wick
