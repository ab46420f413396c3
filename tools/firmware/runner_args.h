// What the runner firmware is asked to do: `runner_args.txt` in QEMU's
// working directory, written by the host (python/wick/sim/cli.py). One
// directive per line; blank lines and lines starting with '#' are ignored:
//
//   program model.pte     the program to run (default: program.pte)
//   method forward        the method to run (default: the program's first)
//   input in_0.npy        one line per method input, in input order; with
//                         none, every tensor input is zero-filled
//   output_dir out        where output_<i>.npy are written (must exist);
//                         with none, outputs are not written
//   profile               count instructions per executed instruction
//
// Without the file the runner runs program.pte with zero inputs. Paths are
// relative to QEMU's working directory and at most kMaxPath-1 bytes.
#pragma once

#include <stddef.h>

#include "wick/result.h"
#include "wick/span.h"

namespace wick {
namespace runner {

constexpr size_t kMaxPath = 128;
constexpr size_t kMaxInputs = 16;

struct Args {
  char program[kMaxPath] = "program.pte";
  char method[kMaxPath] = "";  // empty: the program's first method
  char inputs[kMaxInputs][kMaxPath] = {};
  size_t num_inputs = 0;
  char output_dir[kMaxPath] = "";  // empty: outputs are not written
  bool profile = false;
};

// Parses the text of runner_args.txt; unknown directives, missing or
// over-long values and too many inputs are errors naming the line.
Error parse_args(Span<const char> text, Args* args);

}  // namespace runner
}  // namespace wick
