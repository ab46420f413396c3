#include "kernels/portable/util/gemm.h"

#include <string.h>

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

// --- packed path ---------------------------------------------------------------

// GCC/Clang vector extension: one AVX-512 register, two AVX2 registers, or
// scalar code on targets without SIMD.
typedef float Lanes16 __attribute__((vector_size(64)));
static_assert(kGemmPanelWidth == 16, "the micro-kernel holds one panel row in a Lanes16");
constexpr int kTileRows = 6;

// C[rows x cols] += alpha * A[rows x kc] * panel[kc x 16]. Rows past `rows`
// repeat row 0 (computed, never stored) so the loop has no branches.
WICK_HOT_LOOP void micro_tile(const float* a, int64_t a_row, int64_t a_col, int rows, int64_t kc,
                              const float* panel, float alpha, float* c, int64_t c_row, int cols) {
  const float* a0 = a;
  const float* a1 = rows > 1 ? a + a_row : a;
  const float* a2 = rows > 2 ? a + 2 * a_row : a;
  const float* a3 = rows > 3 ? a + 3 * a_row : a;
  const float* a4 = rows > 4 ? a + 4 * a_row : a;
  const float* a5 = rows > 5 ? a + 5 * a_row : a;
  Lanes16 acc0 = {}, acc1 = {}, acc2 = {}, acc3 = {}, acc4 = {}, acc5 = {};
  for (int64_t q = 0; q < kc; ++q) {
    Lanes16 b;
    memcpy(&b, panel + q * kGemmPanelWidth, sizeof(b));
    const int64_t at = q * a_col;
    acc0 += a0[at] * b;
    acc1 += a1[at] * b;
    acc2 += a2[at] * b;
    acc3 += a3[at] * b;
    acc4 += a4[at] * b;
    acc5 += a5[at] * b;
  }
  const Lanes16 acc[kTileRows] = {acc0, acc1, acc2, acc3, acc4, acc5};
  for (int r = 0; r < rows; ++r) {
    float* cr = c + r * c_row;
    if (cols == kGemmPanelWidth) {
      Lanes16 cv;
      memcpy(&cv, cr, sizeof(cv));
      cv += alpha * acc[r];
      memcpy(cr, &cv, sizeof(cv));
    } else {
      for (int j = 0; j < cols; ++j) cr[j] += alpha * acc[r][j];
    }
  }
}

struct RowMajorB {
  const float* b;
  int64_t b_row;
  int64_t n;
};

void pack_row_major(const void* source, int64_t p0, int64_t kc, int64_t j0, float* panel) {
  const RowMajorB& s = *static_cast<const RowMajorB*>(source);
  const int64_t cols = s.n - j0 < kGemmPanelWidth ? s.n - j0 : kGemmPanelWidth;
  for (int64_t q = 0; q < kc; ++q) {
    const float* row = s.b + (p0 + q) * s.b_row + j0;
    float* dst = panel + q * kGemmPanelWidth;
    int64_t j = 0;
    for (; j < cols; ++j) dst[j] = row[j];
    for (; j < kGemmPanelWidth; ++j) dst[j] = 0.0f;
  }
}

}  // namespace

int64_t gemm_scratch_floats(int64_t n, int64_t k) {
  const int64_t depth = k < kGemmPanelDepth ? k : kGemmPanelDepth;
  int64_t panels = (n + kGemmPanelWidth - 1) / kGemmPanelWidth;
  if (panels > kGemmPanelsPerBlock) panels = kGemmPanelsPerBlock;
  return (depth > 0 ? depth : 1) * kGemmPanelWidth * (panels > 0 ? panels : 1);
}

bool gemm_has_scratch(const GemmParams& p) {
  const int64_t depth = p.k < kGemmPanelDepth ? p.k : kGemmPanelDepth;
  return p.scratch != nullptr && p.scratch_floats >= depth * kGemmPanelWidth;
}

void gemm_f32_panels(const GemmParams& p, const float* a, const PanelSource& b, float* c) {
  if (p.m == 0 || p.n == 0 || p.k == 0) return;
  const int64_t depth = p.k < kGemmPanelDepth ? p.k : kGemmPanelDepth;
  int64_t fit = p.scratch_floats / (depth * kGemmPanelWidth);
  if (fit > kGemmPanelsPerBlock) fit = kGemmPanelsPerBlock;
  const int64_t block = kGemmPanelWidth * fit;
  for (int64_t j0 = 0; j0 < p.n; j0 += block) {
    const int64_t nb = p.n - j0 < block ? p.n - j0 : block;
    const int64_t panels = (nb + kGemmPanelWidth - 1) / kGemmPanelWidth;
    for (int64_t p0 = 0; p0 < p.k; p0 += kGemmPanelDepth) {
      const int64_t kc = p.k - p0 < kGemmPanelDepth ? p.k - p0 : kGemmPanelDepth;
      for (int64_t t = 0; t < panels; ++t) {
        b.pack(b.source, p0, kc, j0 + t * kGemmPanelWidth, p.scratch + t * kc * kGemmPanelWidth);
      }
      // The 6 x kc block of A stays in L1 while it meets every panel.
      for (int64_t i0 = 0; i0 < p.m; i0 += kTileRows) {
        const int rows = p.m - i0 < kTileRows ? static_cast<int>(p.m - i0) : kTileRows;
        const float* a_block = a + i0 * p.a_row + p0 * p.a_col;
        for (int64_t t = 0; t < panels; ++t) {
          const int64_t jt = t * kGemmPanelWidth;
          const int cols = static_cast<int>(nb - jt < kGemmPanelWidth ? nb - jt : kGemmPanelWidth);
          micro_tile(a_block, p.a_row, p.a_col, rows, kc, p.scratch + t * kc * kGemmPanelWidth,
                     p.alpha, c + i0 * p.c_row + j0 + jt, p.c_row, cols);
        }
      }
    }
  }
}

void gemm_f32(const GemmParams& p, const float* a, const float* b, float* c) {
  if (p.m == 0 || p.n == 0 || p.k == 0) return;
  if (gemm_has_scratch(p) && p.b_col == 1 && p.c_col == 1) {
    const RowMajorB source{b, p.b_row, p.n};
    gemm_f32_panels(p, a, PanelSource{&pack_row_major, &source}, c);
  } else if (p.b_col == 1 && p.c_col == 1) {
    gemm_row_major_b(p, a, b, c);
  } else if (p.b_row == 1 && p.a_col == 1) {
    gemm_transposed_b(p, a, b, c);
  } else {
    gemm_strided(p, a, b, c);
  }
}

}  // namespace portable
}  // namespace wick
