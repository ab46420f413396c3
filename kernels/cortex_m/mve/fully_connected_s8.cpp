// Helium fully_connected_s8: same results as kernels/cortex_m/fully_connected_s8.cpp.
//
// Four output features at a time share each 16-byte input vector (VMLADAVA,
// 16 MACs per instruction). The offsets are applied algebraically:
//   sum (x + in_off)(w + f_off) = sum x*w + in_off*sum w + f_off*sum x
//                                 + in_off*f_off*k,
// all in wrapping int32, like the reference's truncated accumulator. sum x is
// computed once per batch when f_off != 0, sum w per row when in_off != 0.
// Wick's exporter folds in_off*sum w into the bias, and the binding's load-time
// step (prepare_quantized_linear) does the same for other programs with
// constant weights, so most layers run the bare dot products. Every
// multiplier, INT32_MIN included, stays on Helium (requantize_any_multiplier).
#include "kernels/cortex_m/fully_connected_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/requantize_mve.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

uint32_t wrapping(int32_t v) { return static_cast<uint32_t>(v); }

int32_t sum_of(const int8_t* x, int32_t k) {
  int32_t sum = 0;
  for (int32_t i = 0; i < k; i += 16) {
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(k - i));
    sum = vaddvaq_p_s8(sum, vldrbq_z_s8(x + i, p), p);
  }
  return sum;
}

// acc[r] = sum_k x[k] * w_r[k] + constant for the rows w_r = w + r * k,
// r < rows (a group of fewer than four repeats its last row, so the loop needs
// no branch), 16 bytes at a time (VMLADAVA). The tail, its missing bytes
// loaded as zero, goes first: nothing but the accumulators is live after the
// loop, which keeps the compiler from spilling.
__attribute__((noinline)) void dot_rows4(const int8_t* x, const int8_t* w, int32_t k,
                                         int32_t rows, int32_t constant, int32_t* acc) {
  const int8_t* w0 = w;
  const int8_t* w1 = rows > 1 ? w0 + k : w0;
  const int8_t* w2 = rows > 2 ? w1 + k : w1;
  const int8_t* w3 = rows > 3 ? w2 + k : w2;
  int32_t a0 = constant, a1 = constant, a2 = constant, a3 = constant;
  const int32_t tail = k & 15;
  if (tail != 0) {
    const int32_t at = k - tail;
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(tail));
    const int8x16_t xv = vldrbq_z_s8(x + at, p);
    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0 + at, p));
    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1 + at, p));
    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2 + at, p));
    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3 + at, p));
  }
  for (int32_t n = k >> 4; n > 0; --n) {
    const int8x16_t xv = vldrbq_s8(x);
    a0 = vmladavaq_s8(a0, xv, vldrbq_s8(w0));
    a1 = vmladavaq_s8(a1, xv, vldrbq_s8(w1));
    a2 = vmladavaq_s8(a2, xv, vldrbq_s8(w2));
    a3 = vmladavaq_s8(a3, xv, vldrbq_s8(w3));
    x += 16;
    w0 += 16;
    w1 += 16;
    w2 += 16;
    w3 += 16;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

// requantize() for every multiplier, INT32_MIN included: VQRDMULH saturates
// INT32_MIN * INT32_MIN to INT32_MAX where the reference's doubling high
// multiply wraps to INT32_MIN, and that single product is patched back. Three
// instructions per four features, instead of a reference fallback in flash.
int32x4_t requantize_any_multiplier(int32x4_t v, int32x4_t multiplier, int32x4_t shift) {
  const int32x4_t zero = vdupq_n_s32(0);
  const int32x4_t q31_min = vdupq_n_s32(INT32_MIN);
  const int32x4_t shifted = vshlq_s32(v, vmaxq_s32(shift, zero));
  const mve_pred16_t both_min = vcmpeqq_m_s32(shifted, q31_min, vcmpeqq_s32(multiplier, q31_min));
  const int32x4_t high = vpselq_s32(q31_min, vqrdmulhq_s32(shifted, multiplier), both_min);
  return rounding_divide_by_pow2(high, vminq_s32(shift, zero));
}

struct OutputClamp {
  int32x4_t offset;
  int32x4_t min;
  int32x4_t max;
};

__attribute__((always_inline)) inline int32x4_t requantized(int32x4_t acc, int32x4_t multiplier,
                                                            int32x4_t shift,
                                                            const OutputClamp& out) {
  const int32x4_t v = requantize_any_multiplier(acc, multiplier, shift);
  return vminq_s32(vmaxq_s32(vaddq_s32(v, out.offset), out.min), out.max);
}

// y[r] = clamp(requantize(acc[r] + bias[r], quant[r]) + output_offset) for
// r < n. Whole groups of four run without predication (the compiler spills
// and reloads a predicate that stays live across a loop body); the last,
// partial group is predicated. requantize_channel_sums (requantize_mve.h) has
// the same shape but excludes INT32_MIN multipliers, which its callers route
// to the reference kernel; this kernel links no reference fallback.
__attribute__((noinline)) void requantize_features(const int32_t* acc, int32_t n,
                                                   const int32_t* bias,
                                                   const PerChannelQuant& quant,
                                                   const OutputClamp& out, int8_t* y) {
  const int32x4_t zero = vdupq_n_s32(0);
  int32_t r = 0;
  for (; r + 4 <= n; r += 4) {
    const int32x4_t sum =
        vaddq_s32(vldrwq_s32(acc + r), bias != nullptr ? vldrwq_s32(bias + r) : zero);
    vstrbq_s32(y + r, requantized(sum, vldrwq_s32(quant.multiplier + r),
                                  vldrwq_s32(quant.shift + r), out));
  }
  if (r < n) {
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(n - r));
    const int32x4_t sum =
        vaddq_s32(vldrwq_s32(acc + r), bias != nullptr ? vldrwq_z_s32(bias + r, lanes) : zero);
    vstrbq_p_s32(y + r,
                 requantized(sum, vldrwq_z_s32(quant.multiplier + r, lanes),
                             vldrwq_z_s32(quant.shift + r, lanes), out),
                 lanes);
  }
}

}  // namespace

// The accumulators of a chunk of features go to a stack array first and are
// requantized in a second loop: with the dot products and the
// requantization in one loop body the compiler runs out of registers and
// spills around every group of four features.
void fully_connected_s8(const FullyConnectedParams& p, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output) {
  constexpr int32_t kChunk = 64;
  int32_t acc[kChunk];
  const OutputClamp clamp{vdupq_n_s32(p.output_offset), vdupq_n_s32(p.activation.min),
                          vdupq_n_s32(p.activation.max)};
  const int32_t k = in_features;
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* x = input + static_cast<int64_t>(b) * k;
    int8_t* y = output + static_cast<int64_t>(b) * out_features;
    // filter_offset * (sum x + input_offset * k): the same for every row.
    const int32_t constant =
        p.filter_offset != 0
            ? static_cast<int32_t>(wrapping(p.filter_offset) *
                                   (wrapping(sum_of(x, k)) + wrapping(p.input_offset) * wrapping(k)))
            : 0;
    for (int32_t c = 0; c < out_features; c += kChunk) {
      const int32_t n = out_features - c < kChunk ? out_features - c : kChunk;
      const int8_t* w = weights + static_cast<int64_t>(c) * k;
      for (int32_t r = 0; r < n; r += 4) {
        dot_rows4(x, w + static_cast<int64_t>(r) * k, k, n - r, constant, acc + r);
      }
      if (p.input_offset != 0) {
        for (int32_t r = 0; r < n; ++r) {
          acc[r] = static_cast<int32_t>(
              wrapping(acc[r]) +
              wrapping(p.input_offset) * wrapping(sum_of(w + static_cast<int64_t>(r) * k, k)));
        }
      }
      const PerChannelQuant chunk{quant.multiplier + c, quant.shift + c};
      requantize_features(acc, n, bias != nullptr ? bias + c : nullptr, chunk, clamp, y + c);
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
