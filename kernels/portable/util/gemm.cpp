#include "kernels/portable/util/gemm.h"

#include "kernels/portable/util/hot_loop.h"

namespace wick {
namespace portable {
namespace {

constexpr int64_t kBlockK = 256;
constexpr int64_t kBlockN = 512;

// C rows i0..i0+rows (rows <= 4) += alpha * A[rows x kc] * B[kc x nc], with
// B and C contiguous along columns.
WICK_HOT_LOOP void update_rows(const GemmParams& p, const float* a, const float* b, float* c, int64_t i0,
                 int rows, int64_t p0, int64_t kc, int64_t j0, int64_t nc) {
  float* c0 = c + i0 * p.c_row + j0;
  float* c1 = rows > 1 ? c0 + p.c_row : c0;
  float* c2 = rows > 2 ? c0 + 2 * p.c_row : c0;
  float* c3 = rows > 3 ? c0 + 3 * p.c_row : c0;
  const float* arow = a + i0 * p.a_row;
  for (int64_t q = p0; q < p0 + kc; ++q) {
    const float* brow = b + q * p.b_row + j0;
    const float a0 = p.alpha * arow[q * p.a_col];
    if (rows == 4) {
      const float a1 = p.alpha * arow[p.a_row + q * p.a_col];
      const float a2 = p.alpha * arow[2 * p.a_row + q * p.a_col];
      const float a3 = p.alpha * arow[3 * p.a_row + q * p.a_col];
      for (int64_t j = 0; j < nc; ++j) {
        const float bv = brow[j];
        c0[j] += a0 * bv;
        c1[j] += a1 * bv;
        c2[j] += a2 * bv;
        c3[j] += a3 * bv;
      }
    } else {
      for (int r = 0; r < rows; ++r) {
        float* cr = c0 + r * p.c_row;
        const float ar = p.alpha * arow[r * p.a_row + q * p.a_col];
        for (int64_t j = 0; j < nc; ++j) cr[j] += ar * brow[j];
      }
    }
  }
}

void gemm_row_major_b(const GemmParams& p, const float* a, const float* b, float* c) {
  for (int64_t j0 = 0; j0 < p.n; j0 += kBlockN) {
    const int64_t nc = p.n - j0 < kBlockN ? p.n - j0 : kBlockN;
    for (int64_t p0 = 0; p0 < p.k; p0 += kBlockK) {
      const int64_t kc = p.k - p0 < kBlockK ? p.k - p0 : kBlockK;
      for (int64_t i0 = 0; i0 < p.m; i0 += 4) {
        const int rows = p.m - i0 < 4 ? static_cast<int>(p.m - i0) : 4;
        update_rows(p, a, b, c, i0, rows, p0, kc, j0, nc);
      }
    }
  }
}

// B stored as rows of B^T (b_row == 1, e.g. a [n, k] weight): each C element
// is a dot product of two contiguous vectors. Eight partial sums keep the
// adds independent.
WICK_HOT_LOOP void gemm_transposed_b(const GemmParams& p, const float* a, const float* b, float* c) {
  for (int64_t i = 0; i < p.m; ++i) {
    const float* arow = a + i * p.a_row;
    for (int64_t j = 0; j < p.n; ++j) {
      const float* bcol = b + j * p.b_col;
      float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int64_t q = 0;
      for (; q + 8 <= p.k; q += 8) {
        for (int u = 0; u < 8; ++u) acc[u] += arow[q + u] * bcol[q + u];
      }
      float sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      for (; q < p.k; ++q) sum += arow[q] * bcol[q];
      c[i * p.c_row + j * p.c_col] += p.alpha * sum;
    }
  }
}

void gemm_strided(const GemmParams& p, const float* a, const float* b, float* c) {
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      float sum = 0.0f;
      for (int64_t q = 0; q < p.k; ++q) sum += a[i * p.a_row + q * p.a_col] * b[q * p.b_row + j * p.b_col];
      c[i * p.c_row + j * p.c_col] += p.alpha * sum;
    }
  }
}

}  // namespace

void gemm_f32(const GemmParams& p, const float* a, const float* b, float* c) {
  if (p.m == 0 || p.n == 0 || p.k == 0) return;
  if (p.b_col == 1 && p.c_col == 1) {
    gemm_row_major_b(p, a, b, c);
  } else if (p.b_row == 1 && p.a_col == 1) {
    gemm_transposed_b(p, a, b, c);
  } else {
    gemm_strided(p, a, b, c);
  }
}

}  // namespace portable
}  // namespace wick
