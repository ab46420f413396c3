// What the host asks of the game: `tiny_rps_game.txt` in QEMU's working
// directory (written by examples/tiny_rps/play.py). One directive per line;
// blank lines and lines starting with '#' are ignored:
//
//   seed S       the PRNG seed (decimal, default 7)
//   auto N       play N rounds with random moves instead of reading keys
//   art N        show the ASCII art for the first N rounds only (default: all)
//   record PATH  append every classified image with its label, prediction,
//                logits and instruction count to PATH (the layout of
//                record.h), so that the host can check them
//
// Without the file the game is interactive with seed 7.
#pragma once

#include <stdint.h>

#include "wick/error.h"
#include "wick/span.h"

namespace tiny_rps {

constexpr int kMaxPath = 128;

struct GameArgs {
  uint64_t seed = 7;
  uint32_t auto_rounds = 0;  // 0: interactive
  uint32_t art_rounds = UINT32_MAX;
  char record[kMaxPath] = "";
};

// Parses the file's text; unknown directives and malformed or out-of-range
// values are errors naming the line.
wick::Error parse_game_args(wick::Span<const char> text, GameArgs* args);

}  // namespace tiny_rps
