// Bundled programs (".bpte", identifier BP08): a .pte plus test cases.
// Loading the inputs of a case into a Method and checking its outputs lets a
// device prove it computes what the exporter expected.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/program.h"
#include "wick/result.h"
#include "wick/span.h"

namespace wick {

class BundledProgram {
 public:
  // The buffer must be 32-byte aligned so the embedded program is aligned.
  static Result<BundledProgram> load(Span<const uint8_t> file);

  // The embedded .pte, to pass to Program::load.
  Span<const uint8_t> program() const { return program_; }

  size_t num_suites() const;
  Result<const char*> suite_method(size_t suite) const;
  size_t num_test_cases(size_t suite) const;

  // Sets every input of `method` from test case `test_case` of `suite`.
  Error set_inputs(Method& method, size_t suite, size_t test_case) const;
  // Compares the method's outputs with the expected ones (floats within
  // rtol/atol, everything else exactly). Logs the first mismatch.
  Error verify_outputs(const Method& method, size_t suite, size_t test_case, double rtol,
                       double atol) const;

 private:
  BundledProgram() = default;
  const void* test_case(size_t suite, size_t test_case) const;

  Span<const uint8_t> file_;
  Span<const uint8_t> program_;
  const void* root_ = nullptr;
};

}  // namespace wick
