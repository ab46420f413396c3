// int8 lookup-table activation (sigmoid, tanh, silu, ... tabulated ahead of time).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {
namespace cortex_m {

// out[i] = table[in[i] + 128]; table has 256 entries.
void lut_s8(const int8_t* table, const int8_t* in, int8_t* out, size_t count);

}  // namespace cortex_m
}  // namespace wick
