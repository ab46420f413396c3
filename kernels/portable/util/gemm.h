// Single-precision matrix product for mm/bmm/addmm/linear and convolutions:
// C[m x n] += alpha * A[m x k] * B[k x n] with element strides (row, col) for
// each matrix.
//
// With scratch memory (gemm_scratch_floats) and columns of C contiguous, B is
// packed into 16-column panels (up to kGemmPanelDepth rows deep) and a
// register-tiled micro-kernel updates 6 x 16 blocks of C: twelve 8-lane (or
// six 16-lane) accumulators stay in registers for a whole panel. B can also
// come from a packing callback (PanelSource), which is how convolution runs
// as an implicit GEMM without materialising im2col. Without scratch, a
// blocked row-update loop runs instead.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {
namespace portable {

constexpr int64_t kGemmPanelWidth = 16;    // columns of B per packed panel
constexpr int64_t kGemmPanelDepth = 256;   // rows of B per packed panel
constexpr int64_t kGemmPanelsPerBlock = 16;  // panels packed at once (A is reused across them)

// Floats of scratch that let an [n x k] B run packed with every panel of a
// block in memory (less still works, down to one panel: see gemm_f32_panels).
int64_t gemm_scratch_floats(int64_t n, int64_t k);

struct GemmParams {
  int64_t m = 0, n = 0, k = 0;
  int64_t a_row = 0, a_col = 0;  // A[i][p] = a[i * a_row + p * a_col]
  int64_t b_row = 0, b_col = 0;  // B[p][j] = b[p * b_row + j * b_col]
  int64_t c_row = 0, c_col = 0;  // C[i][j] = c[i * c_row + j * c_col]
  float alpha = 1.0f;
  float* scratch = nullptr;      // 64-byte aligned, or null
  int64_t scratch_floats = 0;
};

// Accumulates into C (callers initialise C: zero, bias or beta * self).
void gemm_f32(const GemmParams& p, const float* a, const float* b, float* c);

// B given by its packer: pack(source, p0, kc, j0, panel) writes B[p0 + q][j0 + j]
// to panel[q * kGemmPanelWidth + j] for q < kc, j < kGemmPanelWidth, with zeros
// where j0 + j >= n.
struct PanelSource {
  void (*pack)(const void* source, int64_t p0, int64_t kc, int64_t j0, float* panel);
  const void* source;
};

// True when p.scratch holds at least one panel of p's depth.
bool gemm_has_scratch(const GemmParams& p);

// C += alpha * A * B with B from `b`; needs gemm_has_scratch(p) and p.c_col == 1
// (p.b_row and p.b_col are unused).
void gemm_f32_panels(const GemmParams& p, const float* a, const PanelSource& b, float* c);

}  // namespace portable
}  // namespace wick
