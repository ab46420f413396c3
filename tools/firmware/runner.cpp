// The generic runner: one image runs any .pte. It reads runner_args.txt
// (tools/firmware/runner_args.h), the program and .npy inputs through
// semihosting, runs the method once with every kernel family, writes the
// outputs as .npy and reports in lines the host parses
// (python/wick/sim/report.py), each "WICK <record> key=value ...":
//
//   WICK program source=file|linked bytes=N method=NAME instructions=N
//   WICK input index=I dtype=T shape=A,B source=PATH|zeros|value
//   WICK op index=I name=OP calls=N instructions=N        (with `profile`)
//   WICK output index=I dtype=T shape=A,B path=PATH|-
//   WICK total instructions=N
//   WICK memory planned=N method_arena=N temp_arena=N program=N
//   WICK stack high_water=N size=N
//   WICK done status=ERROR_NAME
//
// `total` counts execute() (with the profiling hooks when profiling);
// `stack high_water` is taken after execute(), before the report. Exit
// status: 0 when the method ran, 1 when the runtime failed, 2 for bad
// arguments or files.
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "platform/cortex_m/semihosting.h"
#include "tools/firmware/runner_args.h"
#include "tools/firmware/runner_io.h"
#include "tools/firmware/runner_profile.h"
#include "tools/firmware/runner_program.h"
#include "tools/firmware/runner_registry.h"
#include "wick/log.h"
#include "wick/program.h"

namespace {

using wick::Error;
using wick::Span;
using wick::platform::printf;
using wick::runner::Args;

// Sized so that every board's regions hold them (the mps2 boards have 2 MB
// of ARENA and 8 MB of DDR, Corstone-300 4 MB of ARENA). The temp arena also
// holds a TOSA delegate's intermediate tensors, hence its size where the
// board allows (WICK_RUNNER_TEMP_ARENA_KB, from tools/firmware/CMakeLists.txt).
constexpr size_t kProgramBytes = 6 * 1024 * 1024;
constexpr size_t kFileBytes = 1536 * 1024;  // input files, zero inputs, outputs
constexpr size_t kPlannedBytes = 1536 * 1024;
constexpr size_t kMethodArenaBytes = 128 * 1024;
constexpr size_t kTempArenaBytes = WICK_RUNNER_TEMP_ARENA_KB * 1024;
constexpr size_t kMaxPlannedBuffers = 8;
constexpr size_t kMaxProfiled = 1024;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

alignas(16) uint8_t g_program[kProgramBytes] WICK_PLACE_DDR;
alignas(16) uint8_t g_files[kFileBytes] WICK_PLACE_DDR;
alignas(16) uint8_t g_planned[kPlannedBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_method_arena[kMethodArenaBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_temp_arena[kTempArenaBytes] WICK_PLACE_ARENA;
uint64_t g_profile_counts[kMaxProfiled];
uint32_t g_profile_calls[kMaxProfiled];
Args g_args;
wick::runner::HostTensor g_inputs[wick::runner::kMaxInputs];

// An error and the exit status that reports it.
struct Outcome {
  Error error;
  int exit_status;
};

void print_profile(const wick::Method& method, const wick::runner::InstructionProfile& profile) {
  for (size_t i = 0; i < method.num_instructions() && i < kMaxProfiled; ++i) {
    if (profile.calls(i) == 0) continue;  // jumped over
    printf("WICK op index=%u name=%s calls=%lu instructions=%llu\n", static_cast<unsigned>(i),
           method.instruction_name(i), static_cast<unsigned long>(profile.calls(i)),
           static_cast<unsigned long long>(profile.count(i)));
  }
  if (profile.overflowed()) {
    printf("WICK note profile=truncated counted=%u instructions=%u\n",
           static_cast<unsigned>(kMaxProfiled), static_cast<unsigned>(method.num_instructions()));
  }
}

// Reads runner_args.txt when present; without it the defaults hold.
Outcome load_args() {
  static constexpr const char* kArgsPath = "runner_args.txt";
  const int32_t handle =
      wick::semihosting::open(kArgsPath, wick::semihosting::OpenMode::ReadBinary);
  if (handle < 0) return {Error::Ok, 0};
  wick::semihosting::close(handle);
  static char text[4096];
  wick::Result<size_t> size = wick::semihosting::read_file(
      kArgsPath, Span<uint8_t>(reinterpret_cast<uint8_t*>(text), sizeof(text)));
  if (!size.ok()) return {size.error(), kExitUsage};
  const Error parsed = wick::runner::parse_args(Span<const char>(text, size.value()), &g_args);
  return {parsed, parsed == Error::Ok ? 0 : kExitUsage};
}

Outcome run() {
  wick::Arena files(g_files, sizeof(g_files));
  Span<const uint8_t> file = wick::runner::linked_program();
  const bool linked = file.size() != 0;
  if (!linked) {
    wick::Result<size_t> size =
        wick::semihosting::read_file(g_args.program, Span<uint8_t>(g_program));
    if (!size.ok()) return {size.error(), kExitUsage};
    file = Span<const uint8_t>(g_program, size.value());
  }

  const wick::runner::KernelTables kernels = wick::runner::kernel_tables();
  const wick::Registry registry = kernels.registry();
  wick::Result<wick::Program> loaded = wick::Program::load(file);
  if (!loaded.ok()) return {loaded.error(), kExitUsage};
  const wick::Program& program = loaded.value();
  const char* name = g_args.method;
  if (name[0] == '\0') {
    wick::Result<const char*> first = program.method_name(0);
    if (!first.ok()) return {first.error(), kExitUsage};
    name = first.value();
  }
  wick::Result<wick::MethodMeta> meta = program.method_meta(name);
  if (!meta.ok()) return {meta.error(), kExitUsage};

  wick::Span<uint8_t> planned[kMaxPlannedBuffers];
  const size_t num_planned = meta->num_planned_buffers();
  if (num_planned > kMaxPlannedBuffers) {
    WICK_LOG(Error, "runner: %u planned buffers, room for %u", static_cast<unsigned>(num_planned),
             static_cast<unsigned>(kMaxPlannedBuffers));
    return {Error::OutOfResources, kExitRuntime};
  }
  wick::Arena planned_arena(g_planned, sizeof(g_planned));
  for (size_t i = 0; i < num_planned; ++i) {
    wick::Result<size_t> bytes = meta->planned_buffer_size(i);
    if (!bytes.ok()) return {bytes.error(), kExitRuntime};
    uint8_t* buffer = static_cast<uint8_t*>(planned_arena.allocate(bytes.value()));
    if (buffer == nullptr && bytes.value() != 0) {
      WICK_LOG(Error, "runner: planned buffer %u needs %u bytes, %u are left",
               static_cast<unsigned>(i), static_cast<unsigned>(bytes.value()),
               static_cast<unsigned>(planned_arena.size() - planned_arena.used()));
      return {Error::MemoryAllocationFailed, kExitRuntime};
    }
    planned[i] = wick::Span<uint8_t>(buffer, bytes.value());
  }

  wick::Arena method_arena(g_method_arena, sizeof(g_method_arena));
  wick::Arena temp_arena(g_temp_arena, sizeof(g_temp_arena));
  wick::MemoryManager memory;
  memory.method_arena = &method_arena;
  memory.temp_arena = &temp_arena;
  memory.planned_buffers = wick::Span<const wick::Span<uint8_t>>(planned, num_planned);

  wick::Result<wick::Method> method = program.load_method(name, memory, registry);
  if (!method.ok()) return {method.error(), kExitRuntime};
  printf("WICK program source=%s bytes=%u method=%s instructions=%u\n",
         linked ? "linked" : "file", static_cast<unsigned>(file.size()), name,
         static_cast<unsigned>(method->num_instructions()));
  const Error inputs = wick::runner::set_inputs(method.value(), g_args, files,
                                                Span<wick::runner::HostTensor>(g_inputs));
  if (inputs != Error::Ok) return {inputs, kExitUsage};

  wick::runner::InstructionProfile profile{Span<uint64_t>(g_profile_counts),
                                           Span<uint32_t>(g_profile_calls)};
  const uint64_t start = wick::platform::instructions();
  const Error status = method->execute(g_args.profile ? &profile : nullptr);
  const uint64_t executed = wick::platform::instructions_since(start);
  const size_t stack_used = wick::platform::stack_high_water();
  if (status != Error::Ok) return {status, kExitRuntime};

  if (g_args.profile) print_profile(method.value(), profile);
  printf("WICK total instructions=%llu\n", static_cast<unsigned long long>(executed));
  printf("WICK memory planned=%u method_arena=%u temp_arena=%u program=%u\n",
         static_cast<unsigned>(method->planned_bytes()),
         static_cast<unsigned>(method_arena.high_water()),
         static_cast<unsigned>(temp_arena.high_water()), static_cast<unsigned>(file.size()));
  printf("WICK stack high_water=%u size=%u\n", static_cast<unsigned>(stack_used),
         static_cast<unsigned>(wick::platform::stack_size()));
  const Error written = wick::runner::write_outputs(method.value(), g_args.output_dir, files);
  return {written, written == Error::Ok ? 0 : kExitUsage};
}

}  // namespace

int main() {
  Outcome result = load_args();
  if (result.error == Error::Ok) result = run();
  wick::platform::printf("WICK done status=%s\n", wick::error_name(result.error));
  return result.error == Error::Ok ? 0 : result.exit_status;
}
