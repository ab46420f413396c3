// Host-side convenience over the runtime: owns the file bytes, the arenas and
// the planned buffers, and converts between .npy arrays and tensors. Used by
// wick-run, wick-inspect and the Python binding.
#pragma once

#include <stddef.h>

#include <memory>
#include <string>
#include <vector>

#include "platform/host/file.h"
#include "tools/npy.h"
#include "wick/bundled_program.h"
#include "wick/flat_tensor.h"
#include "wick/program.h"

namespace wick {
namespace tools {

struct SessionOptions {
  std::string ptd_path;  // external tensor data, optional
  // Host tools refuse programs that plan more than this (a hostile file can
  // ask for anything).
  size_t max_planned_bytes = size_t{512} << 20;
  size_t temp_arena_bytes = size_t{64} << 20;
};

class LoadedMethod;

class Session {
 public:
  // Loads a .pte (or a .bpte, whose embedded program is used).
  static std::unique_ptr<Session> open(const std::string& path, const SessionOptions& options,
                                       std::string* error);
  static std::unique_ptr<Session> from_bytes(const uint8_t* data, size_t size,
                                             const SessionOptions& options, std::string* error);

  const Program& program() const { return *program_; }
  const BundledProgram* bundled() const { return bundled_.get(); }
  const DataMap* external_data() const { return ptd_.get(); }
  std::unique_ptr<LoadedMethod> load_method(const std::string& name, std::string* error) const;

 private:
  Session() = default;
  bool init(const SessionOptions& options, std::string* error);

  SessionOptions options_;
  host::AlignedBuffer file_;
  host::AlignedBuffer ptd_file_;
  std::unique_ptr<BundledProgram> bundled_;
  std::unique_ptr<FlatTensorDataMap> ptd_;
  std::unique_ptr<Program> program_;
};

class LoadedMethod {
 public:
  Method& method() { return *method_; }
  const MethodMeta& meta() const { return method_->meta(); }

  bool set_input(size_t index, const NpyArray& array, std::string* error);
  // Fills every tensor input with zeros, ones or seeded uniform values.
  bool set_generated_inputs(const std::string& kind, uint32_t seed, std::string* error);
  bool execute(std::string* error, ExecutionObserver* observer = nullptr);
  // Output `index` as a C-ordered array (converted from its dim order).
  bool output(size_t index, NpyArray* out, std::string* error) const;
  size_t method_arena_used() const { return arena_.used(); }
  size_t temp_arena_high_water() const { return temp_.high_water(); }

 private:
  friend class Session;
  LoadedMethod() = default;

  // Arenas need no zeroing: everything the runtime reads from them it wrote.
  std::unique_ptr<uint8_t[]> arena_bytes_;
  std::unique_ptr<uint8_t[]> temp_bytes_;
  std::vector<std::vector<uint8_t>> planned_;
  std::vector<Span<uint8_t>> planned_spans_;
  // Inputs without planned memory point at these bytes while the method lives.
  std::vector<std::vector<uint8_t>> input_data_;
  // Generated inputs are sized from the file: the session's planned-memory
  // limit applies to each of them too.
  size_t max_input_bytes_ = 0;
  Arena arena_;
  Arena temp_;
  MemoryManager memory_;
  std::unique_ptr<Method> method_;
};

// A contiguous Tensor view over an NpyArray (metadata owned by the view).
struct NpyTensorView {
  explicit NpyTensorView(const NpyArray& array);
  std::vector<int32_t> sizes;
  std::vector<uint8_t> dim_order;
  std::vector<int32_t> strides;
  Tensor tensor;
};

}  // namespace tools
}  // namespace wick
