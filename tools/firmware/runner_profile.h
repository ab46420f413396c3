// Executed-instruction counts per method instruction, through the runtime's
// profiling hooks (wick::ExecutionObserver) and the platform's counter.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/observer.h"
#include "wick/span.h"

namespace wick {
namespace runner {

class InstructionProfile final : public ExecutionObserver {
 public:
  // Caller-owned, zeroed storage: one slot per method instruction. Method
  // instructions past the storage run uncounted and overflowed() says so.
  InstructionProfile(Span<uint64_t> counts, Span<uint32_t> calls)
      : counts_(counts), calls_(calls) {}

  void on_instruction_start(size_t index) override;
  void on_instruction_end(size_t index) override;

  // Executed instructions of method instruction `index`, summed over calls.
  uint64_t count(size_t index) const { return index < counts_.size() ? counts_[index] : 0; }
  uint32_t calls(size_t index) const { return index < calls_.size() ? calls_[index] : 0; }
  bool overflowed() const { return overflowed_; }

 private:
  Span<uint64_t> counts_;
  Span<uint32_t> calls_;
  uint64_t start_ = 0;
  bool overflowed_ = false;
};

}  // namespace runner
}  // namespace wick
