// Proves that program load, method load and execution never touch the heap:
// malloc and operator new are replaced by counting versions, and the count
// must not move while the runtime works.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <new>

#include "tests/runtime/test_support.h"
#include "wick/program.h"

extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
extern "C" void __libc_free(void*);

namespace {
bool g_counting = false;
size_t g_allocations = 0;
void note() {
  if (g_counting) ++g_allocations;
}
}  // namespace

extern "C" void* malloc(size_t n) {
  note();
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t a, size_t b) {
  note();
  return __libc_calloc(a, b);
}
extern "C" void* realloc(void* p, size_t n) {
  note();
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) { __libc_free(p); }
void* operator new(size_t n) {
  note();
  void* p = __libc_malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }

namespace wick {
namespace {

TEST(NoAlloc, LoadAndExecuteAllocateNothing) {
  if (!testing::corpus_available()) GTEST_SKIP() << "pte corpus not found at " WICK_CORPUS_DIR;
  host::AlignedBuffer file =
      testing::read(testing::corpus_path("pytorch__executorch__arduino_AddModel_model.pte"));
  ASSERT_GT(file.size(), 0u);
  // Memory prepared up front, as a device application would.
  alignas(16) static uint8_t arena_bytes[1 << 16];
  alignas(16) static uint8_t temp_bytes[1 << 12];
  alignas(16) static uint8_t planned_bytes[1 << 12];
  testing::HostTensor x(ScalarType::Float, {3});
  x.data<float>()[0] = 1.0f;
  x.data<float>()[1] = 2.0f;
  x.data<float>()[2] = -3.0f;
  const Registry& registry = testing::test_registry();

  g_allocations = 0;
  g_counting = true;
  Arena arena(arena_bytes, sizeof(arena_bytes));
  Arena temp(temp_bytes, sizeof(temp_bytes));
  Span<uint8_t> planned[] = {Span<uint8_t>(planned_bytes, sizeof(planned_bytes))};
  MemoryManager memory;
  memory.method_arena = &arena;
  memory.temp_arena = &temp;
  memory.planned_buffers = Span<const Span<uint8_t>>(planned);
  Result<Program> program = Program::load(file.span());
  bool ok = program.ok();
  float y[3] = {};
  if (ok) {
    Result<Method> method = program->load_method("forward", memory, registry);
    ok = method.ok() && method->set_input(0, x.tensor) == Error::Ok &&
         method->execute() == Error::Ok;
    if (ok) {
      for (int i = 0; i < 3; ++i) y[i] = method->output(0).to_tensor().data_as<float>()[i];
    }
  }
  g_counting = false;

  ASSERT_TRUE(ok);
  EXPECT_EQ(g_allocations, 0u);
  // The AddModel program computes x + 1.
  EXPECT_FLOAT_EQ(y[0], 2.0f);
  EXPECT_FLOAT_EQ(y[1], 3.0f);
  EXPECT_FLOAT_EQ(y[2], -2.0f);
}

}  // namespace
}  // namespace wick
