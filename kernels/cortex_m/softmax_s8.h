// int8 softmax over contiguous rows with CMSIS-NN's fixed-point exp
// (arm_softmax_s8). The output scale is fixed at 1/256, zero point -128.
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {

struct SoftmaxParams {
  int32_t input_multiplier;  // Q0.31 multiplier of (x - max) << input_shift
  int32_t input_shift;       // left shift, [0, 31)
  int32_t diff_min;          // x - max below this gives -128 (exp underflows)
};

void softmax_s8(const SoftmaxParams& params, const int8_t* in, int32_t rows, int32_t row_size,
                int8_t* out);

}  // namespace cortex_m
}  // namespace wick
