// The game's terminal: keys in and ASCII art out, both through the
// semihosting console, which QEMU connects to its own stdin and stderr.
// play.py puts the terminal in cbreak mode, so keys arrive one by one,
// unechoed (the game echoes the moves it accepts).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "examples/tiny_rps/firmware/render.h"

namespace tiny_rps {

// The next key from the console (blocks until one arrives), or -1 when
// input has ended or the console cannot be opened.
int read_key();

// Two images side by side as ASCII art: every second row, 28 characters
// each, on the ramp " .:-=+*#%@" (dark to bright).
void print_art_pair(const uint8_t left[kPixels], const uint8_t right[kPixels]);

// `value` with `decimals` digits after the point, into `out` (always
// NUL-terminated); newlib's %f would allocate, which the device may not.
void format_fixed(float value, int decimals, char* out, size_t size);

}  // namespace tiny_rps
