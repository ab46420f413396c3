// int8 constant padding (arm_pad_s8), over any layout.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/strided.h"

namespace wick {
namespace cortex_m {

// Fills out with pad_value, then copies in into the window that starts at
// pre_pad[d] in each dim. shape describes the INPUT index space with operand
// 0 = input strides and operand 2 = output strides; out_offset is the output
// element offset of the window's first element. out_count elements of out
// are filled (out is dense).
void pad_s8(const StridedShape& input_shape, const int8_t* in, int8_t* out, int64_t out_offset,
            int64_t out_count, int8_t pad_value);

}  // namespace cortex_m
}  // namespace wick
