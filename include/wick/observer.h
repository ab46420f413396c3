// Profiling hooks. The executor calls these around every instruction; host
// tools time with them and the Corstone-300 runner counts instructions.
#pragma once

#include <stddef.h>

namespace wick {

class ExecutionObserver {
 public:
  virtual void on_instruction_start(size_t index) = 0;
  virtual void on_instruction_end(size_t index) = 0;

 protected:
  ~ExecutionObserver() = default;
};

}  // namespace wick
