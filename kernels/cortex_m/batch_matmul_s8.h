// int8 batched matrix multiply with CMSIS-NN arithmetic (arm_batch_matmul_s8).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {

struct BatchMatmulParams {
  int32_t lhs_offset;  // added to every lhs value
  int32_t rhs_offset;  // added to every rhs value
  int32_t output_offset;
  Requant output_requant;
  Activation activation;
};

// lhs [batch, rows, inner], rhs_transposed [batch, cols, inner], out [batch, rows, cols]:
// out[b][r][c] = clamp(requantize(sum_k (lhs[b][r][k] + lhs_offset) *
//                (rhs[b][c][k] + rhs_offset)) + output_offset, activation).
void batch_matmul_s8(const BatchMatmulParams& params, int32_t batch, int32_t rows, int32_t cols,
                     int32_t inner, const int8_t* lhs, const int8_t* rhs_transposed, int8_t* out);

}  // namespace cortex_m
}  // namespace wick
