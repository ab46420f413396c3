// int8 permutation of dims (arm_transpose_s8), over any layout.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

// Copies in to out over shape's index space (operand 0 = input strides,
// operand 2 = output strides); the permutation lives in the strides.
void transpose_s8(const StridedShape& shape, const int8_t* in, int8_t* out);

}  // namespace cortex_m
}  // namespace wick
