// libFuzzer: bundled programs: parse, load the embedded program, run each
// test case and compare outputs.
#include <stdint.h>
#include <string.h>

#include <string>

#include "tools/host_session.h"
#include "tools/log_capture.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8 || memcmp(data + 4, "BP08", 4) != 0) return 0;
  wick::tools::SessionOptions options;
  options.max_planned_bytes = size_t{2} << 20;  // as fuzz_program: bounded work per input
  options.temp_arena_bytes = size_t{4} << 20;
  std::string error;
  std::unique_ptr<wick::tools::Session> session =
      wick::tools::Session::from_bytes(data, size, options, &error);
  if (!session || session->bundled() == nullptr) return 0;
  const wick::BundledProgram& bundled = *session->bundled();
  for (size_t s = 0; s < bundled.num_suites() && s < 4; ++s) {
    wick::Result<const char*> name = bundled.suite_method(s);
    if (!name.ok()) continue;
    std::unique_ptr<wick::tools::LoadedMethod> method = session->load_method(*name, &error);
    if (!method) continue;
    for (size_t c = 0; c < bundled.num_test_cases(s) && c < 4; ++c) {
      // Messages are still formatted (their arguments are fuzzed too), not printed.
      wick::tools::LogCapture quiet;
      if (bundled.set_inputs(method->method(), s, c) != wick::Error::Ok) continue;
      if (method->method().execute() != wick::Error::Ok) continue;
      (void)bundled.verify_outputs(method->method(), s, c, 1e-5, 1e-6);
    }
  }
  return 0;
}
