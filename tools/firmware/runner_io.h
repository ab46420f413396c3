// The runner's method inputs and outputs as .npy files through semihosting
// (the subset of tools/firmware/runner_npy.h). Each input and output is
// reported as a "WICK input" / "WICK output" line (see runner.cpp).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tools/firmware/runner_args.h"
#include "wick/arena.h"
#include "wick/program.h"
#include "wick/tensor.h"

namespace wick {
namespace runner {

// A contiguous tensor over host-provided bytes (an input file, zeros or a
// C-ordered copy of an output). The runtime may keep pointing at an input's
// data and metadata, so input HostTensors must outlive the method.
struct HostTensor {
  int32_t sizes[kMaxRank];
  uint8_t dim_order[kMaxRank];
  int32_t strides[kMaxRank];
  Tensor tensor;
};

// Sets every input from the .npy files args names (in `files`), or to zeros
// when it names none; storage[i] backs input i.
Error set_inputs(Method& method, const Args& args, Arena& files, Span<HostTensor> storage);

// Writes output i to <output_dir>/output_<i>.npy (C order; scalars as 0-d
// arrays, as wick-run does), staging the bytes in `files`. An empty
// output_dir reports the outputs without writing them.
Error write_outputs(const Method& method, const char* output_dir, Arena& files);

}  // namespace runner
}  // namespace wick
