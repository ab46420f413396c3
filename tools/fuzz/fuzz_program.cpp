// libFuzzer: program load, every method's metadata (what `wick inspect`
// prints), then its load and execution with the full host registry,
// zero-filled inputs, and its outputs read back. Any crash, leak, hang or
// sanitizer report is a finding.
#include <stdint.h>
#include <string.h>

#include <string>

#include "tools/host_session.h"
#include "tools/log_capture.h"

namespace {

// Reads everything MethodMeta offers; results are discarded.
void describe(const wick::MethodMeta& meta) {
  wick::tools::LogCapture quiet;
  for (size_t i = 0; i < meta.num_inputs(); ++i) {
    (void)meta.input_tag(i);
    (void)meta.input_tensor_info(i);
  }
  for (size_t i = 0; i < meta.num_outputs(); ++i) {
    (void)meta.output_tag(i);
    (void)meta.output_tensor_info(i);
  }
  for (size_t i = 0; i < meta.num_planned_buffers(); ++i) (void)meta.planned_buffer_size(i);
  char name[128];
  for (size_t i = 0; i < meta.num_operators(); ++i) (void)meta.operator_name(i, name, sizeof(name));
  for (size_t i = 0; i < meta.num_delegates(); ++i) (void)meta.delegate_id(i);
  (void)meta.method_arena_bytes();
  (void)meta.num_instructions();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wick::tools::SessionOptions options;
  // Work grows with planned memory: at 2 MB every input runs well inside the
  // 1 s hang limit under the sanitizers (a legitimate 8 MB conv does not).
  options.max_planned_bytes = size_t{2} << 20;
  options.temp_arena_bytes = size_t{4} << 20;
  std::string error;
  std::unique_ptr<wick::tools::Session> session =
      wick::tools::Session::from_bytes(data, size, options, &error);
  if (!session) return 0;
  const wick::Program& program = session->program();
  // The error path that lists the method names.
  (void)session->load_method("no such method", &error);
  for (size_t m = 0; m < program.num_methods() && m < 8; ++m) {
    wick::Result<const char*> name = program.method_name(m);
    if (!name.ok()) continue;
    wick::Result<wick::MethodMeta> meta = program.method_meta(*name);
    if (meta.ok()) describe(*meta);
    std::unique_ptr<wick::tools::LoadedMethod> method = session->load_method(*name, &error);
    if (!method) continue;
    if (!method->set_generated_inputs("zeros", 0, &error)) continue;
    if (!method->execute(&error)) continue;
    for (size_t i = 0; i < method->meta().num_outputs(); ++i) {
      wick::tools::NpyArray array;
      (void)method->output(i, &array, &error);
    }
  }
  return 0;
}
