#include "tools/firmware/runner_profile.h"

#include "platform/cortex_m/platform.h"

namespace wick {
namespace runner {

// The counter is read last on entry and first on exit, so the interval holds
// the instruction itself plus the executor's dispatch, not this bookkeeping.
void InstructionProfile::on_instruction_start(size_t) { start_ = platform::instructions(); }

void InstructionProfile::on_instruction_end(size_t index) {
  const uint64_t executed = platform::instructions_since(start_);
  if (index >= counts_.size() || index >= calls_.size()) {
    overflowed_ = true;
    return;
  }
  counts_[index] += executed;
  calls_[index] += 1;
}

}  // namespace runner
}  // namespace wick
