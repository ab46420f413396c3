// The runtime and every kernel family in one heap-free image. Linking it is
// the check (tools/firmware/check_link.py reads link_check.map: nothing in
// Wick may reference malloc/free/new/delete); running it shows the same
// image works: it loads `program.pte` from QEMU's working directory, runs
// its first method once on all-zero inputs and reports instructions, planned
// memory and stack. Exit 0 when the method ran; 2 when program.pte is absent.
#include <stdint.h>
#include <string.h>

#include "kernels/cortex_m/op_table.h"
#include "kernels/portable/op_table.h"
#include "kernels/prim/op_table.h"
#include "kernels/quantized/op_table.h"
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "platform/cortex_m/semihosting.h"
#include "wick/program.h"

namespace {

using wick::platform::printf;

constexpr size_t kProgramBytes = 4 * 1024 * 1024;
constexpr size_t kPlannedBytes = 1024 * 1024;
constexpr size_t kMethodArenaBytes = 128 * 1024;
constexpr size_t kTempArenaBytes = 256 * 1024;
constexpr size_t kMaxPlannedBuffers = 8;

alignas(16) uint8_t g_program[kProgramBytes] WICK_PLACE_DDR;
alignas(16) uint8_t g_planned[kPlannedBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_method_arena[kMethodArenaBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_temp_arena[kTempArenaBytes] WICK_PLACE_ARENA;

// Gives every input a zero-filled buffer of its own shape and dtype.
wick::Error set_zero_inputs(wick::Method& method, wick::Arena& arena) {
  for (size_t i = 0; i < method.num_inputs(); ++i) {
    const wick::EValue& slot = method.input(i);
    if (!slot.is_tensor()) {
      WICK_TRY(method.set_input(i, slot));
      continue;
    }
    wick::Tensor zeros = slot.to_tensor();
    zeros.data = arena.allocate(zeros.nbytes());
    if (zeros.data == nullptr && zeros.nbytes() != 0) {
      printf("link_check: no room for input %u (%u bytes)\n", static_cast<unsigned>(i),
             static_cast<unsigned>(zeros.nbytes()));
      return wick::Error::MemoryAllocationFailed;
    }
    memset(zeros.data, 0, zeros.nbytes());
    WICK_TRY(method.set_input(i, zeros));
  }
  return wick::Error::Ok;
}

wick::Error run(wick::Span<const uint8_t> file) {
  const wick::OpTable tables[] = {wick::cortex_m::op_table(), wick::quantized::op_table(),
                                  wick::portable::op_table(), wick::prim::op_table()};
  const wick::Registry registry{wick::Span<const wick::OpTable>(tables), {}};

  WICK_TRY_ASSIGN(wick::Program program, wick::Program::load(file));
  WICK_TRY_ASSIGN(const char* name, program.method_name(0));
  WICK_TRY_ASSIGN(wick::MethodMeta meta, program.method_meta(name));

  wick::Span<uint8_t> planned[kMaxPlannedBuffers];
  const size_t num_planned = meta.num_planned_buffers();
  if (num_planned > kMaxPlannedBuffers) {
    printf("link_check: %u planned buffers, room for %u\n", static_cast<unsigned>(num_planned),
           static_cast<unsigned>(kMaxPlannedBuffers));
    return wick::Error::OutOfResources;
  }
  wick::Arena planned_arena(g_planned, sizeof(g_planned));
  for (size_t i = 0; i < num_planned; ++i) {
    WICK_TRY_ASSIGN(size_t bytes, meta.planned_buffer_size(i));
    uint8_t* buffer = static_cast<uint8_t*>(planned_arena.allocate(bytes));
    if (buffer == nullptr && bytes != 0) {
      printf("link_check: planned buffer %u needs %u bytes, %u left\n", static_cast<unsigned>(i),
             static_cast<unsigned>(bytes),
             static_cast<unsigned>(planned_arena.size() - planned_arena.used()));
      return wick::Error::MemoryAllocationFailed;
    }
    planned[i] = wick::Span<uint8_t>(buffer, bytes);
  }

  wick::Arena method_arena(g_method_arena, sizeof(g_method_arena));
  wick::Arena temp_arena(g_temp_arena, sizeof(g_temp_arena));
  wick::MemoryManager memory;
  memory.method_arena = &method_arena;
  memory.temp_arena = &temp_arena;
  memory.planned_buffers = wick::Span<const wick::Span<uint8_t>>(planned, num_planned);

  WICK_TRY_ASSIGN(wick::Method method, program.load_method(name, memory, registry));
  WICK_TRY(set_zero_inputs(method, method_arena));

  const uint64_t start = wick::platform::instructions();
  const wick::Error status = method.execute();
  const uint64_t executed = wick::platform::instructions_since(start);
  printf("link_check: %s: %u instructions (operators and delegates), %s\n", name,
         static_cast<unsigned>(method.num_instructions()), wick::error_name(status));
  printf("link_check: executed in %lu instructions; planned %u bytes, method arena %u bytes\n",
         static_cast<unsigned long>(executed), static_cast<unsigned>(method.planned_bytes()),
         static_cast<unsigned>(method_arena.high_water()));
  return status;
}

}  // namespace

int main() {
  wick::Result<size_t> size =
      wick::semihosting::read_file("program.pte", wick::Span<uint8_t>(g_program));
  if (!size.ok()) {
    printf("link_check: no program.pte in the working directory\n");
    return 2;
  }
  const wick::Error status = run(wick::Span<const uint8_t>(g_program, size.value()));
  printf("link_check: stack high-water %u of %u bytes\n",
         static_cast<unsigned>(wick::platform::stack_high_water()),
         static_cast<unsigned>(wick::platform::stack_size()));
  printf("link_check: %s\n", status == wick::Error::Ok ? "OK" : wick::error_name(status));
  return status == wick::Error::Ok ? 0 : 1;
}
