// MemoryManager: the three memories a method uses, all owned by the caller.
#pragma once

#include <stdint.h>

#include "wick/arena.h"
#include "wick/span.h"

namespace wick {

struct MemoryManager {
  // Method metadata (values, tensor descriptors, resolved instructions,
  // delegate state, what kernels prepare at load). Must outlive the Method.
  Arena* method_arena = nullptr;
  // Planned activation buffers: element i backs memory_id i + 1 of the
  // program and must hold at least MethodMeta::planned_buffer_size(i) bytes.
  Span<const Span<uint8_t>> planned_buffers;
  // Kernel and delegate scratch, reset after every instruction. May be null
  // when no kernel of the method asks for scratch.
  Arena* temp_arena = nullptr;
};

}  // namespace wick
