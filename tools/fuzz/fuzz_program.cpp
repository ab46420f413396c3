// libFuzzer: program load, then every method's load and execution with the
// full host registry, zero-filled inputs. Any crash, leak, hang or sanitizer
// report is a finding.
#include <stdint.h>
#include <string.h>

#include <string>

#include "tools/host_session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wick::tools::SessionOptions options;
  options.max_planned_bytes = size_t{16} << 20;  // the fuzzer's memory budget
  options.temp_arena_bytes = size_t{4} << 20;
  std::string error;
  std::unique_ptr<wick::tools::Session> session =
      wick::tools::Session::from_bytes(data, size, options, &error);
  if (!session) return 0;
  const wick::Program& program = session->program();
  for (size_t m = 0; m < program.num_methods() && m < 8; ++m) {
    wick::Result<const char*> name = program.method_name(m);
    if (!name.ok()) continue;
    std::unique_ptr<wick::tools::LoadedMethod> method = session->load_method(*name, &error);
    if (!method) continue;
    if (!method->set_generated_inputs("zeros", 0, &error)) continue;
    method->execute(&error);
  }
  return 0;
}
