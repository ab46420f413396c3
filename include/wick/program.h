// Program, MethodMeta and Method: load a .pte and execute its methods.
//
//   WICK_TRY_ASSIGN(Program program, Program::load(file_bytes));
//   WICK_TRY_ASSIGN(MethodMeta meta, program.method_meta("forward"));
//   ... provide meta.planned_buffer_size(i) bytes per planned buffer ...
//   WICK_TRY_ASSIGN(Method method, program.load_method("forward", memory, registry));
//   WICK_TRY(method.set_input(0, input));
//   WICK_TRY(method.execute());
//   const EValue& y = method.output(0);
//
// The file buffer is caller-owned, must stay alive and unchanged for the
// program's lifetime and be 16-byte aligned; nothing is copied out of it.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/data_map.h"
#include "wick/evalue.h"
#include "wick/memory.h"
#include "wick/observer.h"
#include "wick/registry.h"
#include "wick/result.h"
#include "wick/span.h"

namespace wick {
namespace schema {
struct Program;
struct ExecutionPlan;
}  // namespace schema

struct TensorInfo {
  ScalarType dtype = ScalarType::Float;
  Span<const int32_t> sizes;
  Span<const uint8_t> dim_order;
  bool memory_planned = false;
  ShapeDynamism dynamism = ShapeDynamism::Static;
  size_t nbytes = 0;
};

class MethodMeta {
 public:
  explicit MethodMeta(const schema::ExecutionPlan* plan) : plan_(plan) {}

  const char* name() const;
  size_t num_inputs() const;
  size_t num_outputs() const;
  Result<Tag> input_tag(size_t index) const;
  Result<Tag> output_tag(size_t index) const;
  Result<TensorInfo> input_tensor_info(size_t index) const;
  Result<TensorInfo> output_tensor_info(size_t index) const;
  size_t num_planned_buffers() const;
  // Bytes the caller must provide for planned buffer `index` (memory_id index+1).
  Result<size_t> planned_buffer_size(size_t index) const;
  size_t num_instructions() const;
  size_t num_operators() const;
  size_t num_delegates() const;
  // "namespace::op.overload" of operator `index`, formatted into out.
  Error operator_name(size_t index, char* out, size_t out_size) const;
  // Backend id of delegate `index` (NUL-terminated, points into the file).
  Result<const char*> delegate_id(size_t index) const;
  // Bytes of method arena that load_method() needs, delegates excluded.
  Result<size_t> method_arena_bytes() const;

 private:
  Result<TensorInfo> value_tensor_info(int32_t value_index) const;
  const schema::ExecutionPlan* plan_;
};

class Program;

class Method {
 public:
  Method(Method&& other) noexcept;
  Method(const Method&) = delete;
  Method& operator=(const Method&) = delete;
  Method& operator=(Method&&) = delete;
  ~Method();

  const MethodMeta& meta() const { return meta_; }
  size_t num_inputs() const { return num_inputs_; }
  size_t num_outputs() const { return num_outputs_; }

  // Copies `value` into the input's planned memory (converting its dim order
  // to the input's), or points the input at value.data when the input has no
  // planned memory. Checks dtype and shape; dynamic-bound inputs resize.
  Error set_input(size_t index, const Tensor& value);
  // Primitive inputs must equal the value the program was traced with.
  Error set_input(size_t index, const EValue& value);
  // For outputs that have no planned memory.
  Error set_output_data_ptr(size_t index, void* data, size_t size);

  Error execute(ExecutionObserver* observer = nullptr);

  const EValue& input(size_t index) const;
  const EValue& output(size_t index) const;

  size_t num_instructions() const { return num_instructions_; }
  // Operator name, or "delegate:<backend id>", for instruction `index`.
  const char* instruction_name(size_t index) const;
  // Bytes of planned memory this method uses in total.
  size_t planned_bytes() const { return planned_bytes_; }

 private:
  friend class Program;
  friend struct MethodLoader;
  explicit Method(const schema::ExecutionPlan* plan) : meta_(plan) {}

 public:
  // Loader/executor internals (runtime/method_internal.h).
  struct Instruction;
  struct Delegate;

 private:

  MethodMeta meta_;
  EValue* values_ = nullptr;
  size_t num_values_ = 0;
  Instruction* instructions_ = nullptr;
  size_t num_instructions_ = 0;
  Delegate* delegates_ = nullptr;
  size_t num_delegates_ = 0;
  const int32_t* input_indices_ = nullptr;
  size_t num_inputs_ = 0;
  const int32_t* output_indices_ = nullptr;
  size_t num_outputs_ = 0;
  bool* input_set_ = nullptr;
  Arena* temp_arena_ = nullptr;
  size_t planned_bytes_ = 0;
};

class Program {
 public:
  enum class Verification : uint8_t {
    Minimal,  // header and identifier only: trusted, pre-verified files
    Full,     // flatbuffers verifier plus semantic checks of every index
  };

  static Result<Program> load(Span<const uint8_t> file,
                              Verification verification = Verification::Full);

  size_t num_methods() const;
  Result<const char*> method_name(size_t index) const;
  Result<MethodMeta> method_meta(const char* name) const;

  // Resolves every operator and backend first; if any is missing, logs each
  // one and returns OperatorMissing / NotFound before anything is allocated.
  // `external_data` supplies EXTERNAL tensors (a loaded .ptd).
  Result<Method> load_method(const char* name, MemoryManager& memory, const Registry& registry,
                             const DataMap* external_data = nullptr) const;

  // Named blobs stored in the program (Program.named_data).
  const DataMap& named_data() const { return named_data_; }

  // Bytes of constant tensor data (constant segment or legacy buffers).
  size_t constant_bytes() const;
  const schema::Program* schema() const { return program_; }

  // Byte range of segment `index` inside the file, bounds-checked.
  Result<Span<const uint8_t>> segment(size_t index) const;
  // Constant tensor bytes for data_buffer_idx, bounds-checked.
  Result<Span<const uint8_t>> constant_data(uint32_t data_buffer_idx) const;
  // Initial bytes of a mutable planned tensor.
  Result<Span<const uint8_t>> mutable_data(uint64_t segment_list_index, uint32_t index) const;

 private:
  class NamedData final : public DataMap {
   public:
    Result<Span<const uint8_t>> get(const char* key, size_t key_size) const override;
    const Program* owner = nullptr;
  };

  Program() = default;

 public:
  Program(Program&& other) noexcept;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  Program& operator=(Program&&) = delete;

 private:
  Span<const uint8_t> file_;
  const schema::Program* program_ = nullptr;
  uint64_t segment_base_ = 0;
  NamedData named_data_;
};

}  // namespace wick
