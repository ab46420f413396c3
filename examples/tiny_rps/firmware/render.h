// Renders one noisy 28x28 letter on the device: the published recipe's
// augmentations, step for step as examples/tiny_rps/render.py does them (the
// algorithm the model was trained on), from glyph masks generated at build
// time from the same font (tiny_rps_glyphs.h, examples/tiny_rps/glyphs.py).
#pragma once

#include <stdint.h>

#include "examples/tiny_rps/firmware/prng.h"

namespace tiny_rps {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;

// letter: 0 = R (rock), 1 = P (paper), 2 = S (scissors). Returns false (and
// logs) for any other letter, leaving `out` untouched.
bool render_letter(int letter, Pcg32& rng, uint8_t out[kPixels]);

}  // namespace tiny_rps
