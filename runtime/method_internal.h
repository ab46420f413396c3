// Internal layout of a loaded Method, shared by the loader and the executor.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "runtime/schema.h"
#include "wick/backend.h"
#include "wick/kernel.h"
#include "wick/program.h"

namespace wick {

enum class InstructionKind : uint8_t { Kernel, Delegate, Move, JumpFalse, Free };

struct Method::Instruction {
  InstructionKind kind;
  // Kernel: the resolved function and what its prepare step left (or
  // null). Delegate: index into delegates_.
  OpFunction fn;
  const void* prepared;
  uint32_t index;
  // Kernel and Delegate: argument values.
  EValue** args;
  uint32_t num_args;
  // Move: from/to; JumpFalse: condition value / destination; Free: value.
  int32_t a;
  int32_t b;
  const char* name;  // operator name or "delegate:<id>"
};

// Kernels read Bool elements as C++ bool, for which a byte other than 0 or 1
// is undefined: Bool data from outside (file constants, caller inputs) is
// checked before any kernel sees it.
inline bool bool_bytes_valid(ScalarType dtype, const void* data, size_t numel) {
  if (dtype != ScalarType::Bool || data == nullptr) return true;
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < numel; ++i) {
    if (bytes[i] > 1) return false;
  }
  return true;
}

struct Method::Delegate {
  const Backend* backend;
  DelegateHandle* handle;
};

// Bytes of method arena a plan needs, computed before anything is allocated
// so that a too-small arena is reported with the exact size it must have.
// The loader carves its arrays from one block by the same layout.
struct MethodFootprint {
  // The arrays, in the order they follow one another in the block.
  enum Array : uint8_t {
    kValues,
    kTensors,
    kDims,  // sizes and strides: two int32 per tensor dimension
    kDimOrders,
    kIntListBoxed,
    kIntListUnboxed,
    kTensorListItems,
    kInstructions,
    kInstructionArgs,
    kDelegates,
    kCompileSpecs,
    kNameChars,
    kInputSet,
    kNumArrays
  };
  size_t count[kNumArrays] = {};  // elements of each array

  // Sets the offset of each array in the block (16-byte aligned, like the
  // block) and returns the block's size.
  size_t layout(size_t offsets[kNumArrays]) const;
  size_t bytes() const;
};

// Counts what load_method() will allocate; InvalidProgram if the plan's
// structure is unusable (missing vectors, bad union types).
Result<MethodFootprint> compute_footprint(const schema::ExecutionPlan* plan);

// Rounds to the 16-byte granularity every arena allocation of the loader uses.
constexpr size_t round_up_16(size_t n) { return (n + 15) & ~static_cast<size_t>(15); }

// The execution plan called `name`; nullptr (logged) if there is none.
const schema::ExecutionPlan* find_plan(const schema::Program* program, const char* name);

// Finds the kernel for an operator name; `args` lets specialised entries
// decide. Returns nullptr if no entry has the name; sets *name_found.
const OpEntry* find_kernel(const Registry& registry, const char* name, Span<EValue* const> args,
                           bool* name_found);
const Backend* find_backend(const Registry& registry, const char* id);

}  // namespace wick
