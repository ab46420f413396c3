// Elementwise int8 minimum / maximum (arm_minimum_s8, arm_maximum_s8): both
// inputs share one quantization, so the raw codes compare directly.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

void minimum_s8(const StridedShape& shape, const int8_t* a, const int8_t* b, int8_t* out);
void maximum_s8(const StridedShape& shape, const int8_t* a, const int8_t* b, int8_t* out);

}  // namespace cortex_m
}  // namespace wick
