// Shared helpers for runtime tests: corpus access, log capture, a tiny
// test registry and memory for loading methods.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "platform/host/file.h"
#include "wick/program.h"

namespace wick {
namespace testing {

// Path of a corpus file; tests GTEST_SKIP when the corpus is absent.
std::string corpus_path(const std::string& name);
bool corpus_available();
std::vector<std::string> corpus_programs();  // every *.pte file name

host::AlignedBuffer read(const std::string& path);

// Collects runtime log lines while alive.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Memory for one method: a generous method arena, temp arena and planned
// buffers sized from the method's metadata.
struct MethodMemory {
  explicit MethodMemory(const MethodMeta& meta, size_t arena_bytes = 1 << 20);
  std::vector<uint8_t> arena_bytes;
  std::vector<uint8_t> temp_bytes;
  std::vector<std::vector<uint8_t>> planned;
  std::vector<Span<uint8_t>> planned_spans;
  Arena arena;
  Arena temp;
  MemoryManager manager;
};

// A registry with test-only float kernels for aten::add.out and
// aten::mul.out (contiguous, same-shape or 0-dim/1-element broadcast),
// enough to exercise the executor independently of the kernel libraries.
const Registry& test_registry();

// A Tensor over caller storage, contiguous.
struct HostTensor {
  HostTensor(ScalarType dtype, std::vector<int32_t> sizes);
  Tensor tensor;
  std::vector<int32_t> sizes;
  std::vector<uint8_t> dim_order;
  std::vector<int32_t> strides;
  std::vector<uint8_t> bytes;
  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(bytes.data());
  }
};

}  // namespace testing
}  // namespace wick
