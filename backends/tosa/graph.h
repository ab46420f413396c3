// The parsed form of a TOSA 1.0 flatbuffer: tensors and operators resolved to
// indices once at delegate init, attributes still read from the flatbuffer
// (the blob outlives the delegate). Everything lives in the method arena.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "backends/tosa/tosa_generated.h"
#include "wick/arena.h"
#include "wick/error.h"
#include "wick/result.h"
#include "wick/scalar_type.h"
#include "wick/span.h"

namespace wick {
namespace tosa {

// The "8K" level's rank limit; deeper tensors are refused at init.
constexpr int kMaxRank = 6;

enum class Storage : uint8_t {
  Constant,      // CONST / CONST_SHAPE payload (read-only)
  GraphInput,    // bound to a delegate input at execute
  GraphOutput,   // written straight into a delegate output at execute
  Fused,         // never stored: a convolution's accumulators, rescaled as produced
  Intermediate,  // planned in the temp arena at execute (offset below)
};

struct TensorRef {
  const char* name = "";  // flatbuffer string, NUL-terminated
  fb::DType dtype = fb::DType::UNKNOWN;
  uint8_t rank = 0;
  int32_t shape[kMaxRank] = {};
  size_t numel = 1;
  size_t nbytes = 0;
  Storage storage = Storage::Intermediate;
  bool produced = false;  // written by an operator (or a graph input / constant)
  size_t offset = 0;      // Intermediate: byte offset in the execute scratch block
  void* data = nullptr;   // valid at execute (and at init for constants)

  template <typename T>
  T* as() const {
    return static_cast<T*>(data);
  }
};

struct OpNode {
  fb::Op op = fb::Op::UNKNOWN;
  const fb::TosaOperator* node = nullptr;
  uint32_t first_arg = 0;  // index into Graph::args: inputs then outputs
  uint16_t num_inputs = 0;
  uint16_t num_outputs = 0;
  bool fused_with_next = false;  // a convolution computing the next RESCALE too
  bool skip = false;             // that RESCALE
};

struct Graph {
  TensorRef* tensors = nullptr;
  size_t num_tensors = 0;
  OpNode* ops = nullptr;  // executable operators only (no CONST / CONST_SHAPE)
  size_t num_ops = 0;
  uint32_t* args = nullptr;
  uint32_t* inputs = nullptr;
  size_t num_inputs = 0;
  uint32_t* outputs = nullptr;
  bool* output_is_copy = nullptr;  // output not written in place (an input, a constant, a repeat)
  size_t num_outputs = 0;
  size_t scratch_bytes = 0;  // intermediates, planned at init
};

// Bytes per element as Wick stores the dtype (INT48 and SHAPE as int64,
// BOOL as one byte); 0 for dtypes this interpreter does not implement.
size_t dtype_storage_size(fb::DType dtype);
const char* dtype_name(fb::DType dtype);
// The Wick dtype a delegate argument bound to a tensor of `dtype` has
// (Float for FP32 and for dtypes without one).
ScalarType wick_scalar_type(fb::DType dtype);

// Verifies and parses `blob` (bounded: every offset, count and size is
// checked) and runs every operator's ERROR_IF checks.
Result<Graph*> parse_graph(Span<const uint8_t> blob, Arena& arena);

}  // namespace tosa
}  // namespace wick
