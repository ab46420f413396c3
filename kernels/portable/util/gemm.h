// Single-precision matrix product for mm/bmm/addmm/linear and 1x1
// convolutions: C[m x n] += alpha * A[m x k] * B[k x n] with element strides
// (row, col) for each matrix. Blocked so a panel of B stays in cache while
// four rows of C are updated at once; the inner loop runs over contiguous
// columns of B and C so the compiler vectorises it.
#pragma once

#include <stdint.h>

namespace wick {
namespace portable {

struct GemmParams {
  int64_t m = 0, n = 0, k = 0;
  int64_t a_row = 0, a_col = 0;  // A[i][p] = a[i * a_row + p * a_col]
  int64_t b_row = 0, b_col = 0;  // B[p][j] = b[p * b_row + j * b_col]
  int64_t c_row = 0, c_col = 0;  // C[i][j] = c[i * c_row + j * c_col]
  float alpha = 1.0f;
};

// Accumulates into C (callers initialise C: zero, bias or beta * self).
void gemm_f32(const GemmParams& p, const float* a, const float* b, float* c);

}  // namespace portable
}  // namespace wick
