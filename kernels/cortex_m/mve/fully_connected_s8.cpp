// Helium fully_connected_s8: same results as kernels/cortex_m/fully_connected_s8.cpp.
//
// Four output features at a time share each 16-byte input vector (VMLADAVA,
// 16 MACs per instruction). The offsets are applied algebraically:
//   sum (x + in_off)(w + f_off) = sum x*w + in_off*sum w + f_off*sum x
//                                 + in_off*f_off*k,
// all in wrapping int32, like the reference's truncated accumulator. sum x is
// computed once per batch when f_off != 0 and sum w in the dot-product loop
// when in_off != 0. Wick's exporter folds in_off*sum w into the bias (and
// f_off is 0), so its programs run the bare dot products. Every multiplier,
// INT32_MIN included, stays on Helium (requantize_any_multiplier).
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

// Rows 0..3 of k weights from w against x, row r read as row min(r, last)
// (a last group of fewer than four features repeats its last row): lane r =
// sum x*w_r and, with kWeightSums, sums[r] = sum w_r (else sums is left alone).
template <bool kWeightSums>
__attribute__((noinline)) int32x4_t dot_rows4(const int8_t* x, const int8_t* w, int32_t k,
                                              int32_t last, int32x4_t* sums) {
  const int8_t* w0 = w;
  const int8_t* w1 = last > 0 ? w0 + k : w0;
  const int8_t* w2 = last > 1 ? w1 + k : w1;
  const int8_t* w3 = last > 2 ? w2 + k : w2;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int32_t n = k >> 4; n > 0; --n) {
    const int8x16_t xv = vldrbq_s8(x);
    const int8x16_t v0 = vldrbq_s8(w0);
    const int8x16_t v1 = vldrbq_s8(w1);
    const int8x16_t v2 = vldrbq_s8(w2);
    const int8x16_t v3 = vldrbq_s8(w3);
    a0 = vmladavaq_s8(a0, xv, v0);
    a1 = vmladavaq_s8(a1, xv, v1);
    a2 = vmladavaq_s8(a2, xv, v2);
    a3 = vmladavaq_s8(a3, xv, v3);
    if (kWeightSums) {
      s0 = vaddvaq_s8(s0, v0);
      s1 = vaddvaq_s8(s1, v1);
      s2 = vaddvaq_s8(s2, v2);
      s3 = vaddvaq_s8(s3, v3);
    }
    x += 16;
    w0 += 16;
    w1 += 16;
    w2 += 16;
    w3 += 16;
  }
  if ((k & 15) != 0) {
    // The tail's missing bytes load as zero.
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(k & 15));
    const int8x16_t xv = vldrbq_z_s8(x, p);
    const int8x16_t v0 = vldrbq_z_s8(w0, p);
    const int8x16_t v1 = vldrbq_z_s8(w1, p);
    const int8x16_t v2 = vldrbq_z_s8(w2, p);
    const int8x16_t v3 = vldrbq_z_s8(w3, p);
    a0 = vmladavaq_s8(a0, xv, v0);
    a1 = vmladavaq_s8(a1, xv, v1);
    a2 = vmladavaq_s8(a2, xv, v2);
    a3 = vmladavaq_s8(a3, xv, v3);
    if (kWeightSums) {
      s0 = vaddvaq_s8(s0, v0);
      s1 = vaddvaq_s8(s1, v1);
      s2 = vaddvaq_s8(s2, v2);
      s3 = vaddvaq_s8(s3, v3);
    }
  }
  if (kWeightSums) {
    int32x4_t s = vdupq_n_s32(s0);
    s = vsetq_lane_s32(s1, s, 1);
    s = vsetq_lane_s32(s2, s, 2);
    *sums = vsetq_lane_s32(s3, s, 3);
  }
  int32x4_t acc = vdupq_n_s32(a0);
  acc = vsetq_lane_s32(a1, acc, 1);
  acc = vsetq_lane_s32(a2, acc, 2);
  return vsetq_lane_s32(a3, acc, 3);
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

void run_batch(const FullyConnectedParams& p, const PerChannelQuant& quant, int32_t k,
               int32_t out_features, const int8_t* x, const int8_t* weights, const int32_t* bias,
               int8_t* y) {
  // Terms that do not depend on the output feature.
  const int32_t x_sum = p.filter_offset != 0 ? sum_of(x, k) : 0;
  const int32_t constant =
      static_cast<int32_t>(wrapping(p.filter_offset) * wrapping(x_sum) +
                           wrapping(p.input_offset) * wrapping(p.filter_offset) * wrapping(k));
  for (int32_t o = 0; o < out_features; o += 4) {
    // A last group of fewer than four features stores only the active lanes.
    const int32_t active = out_features - o < 4 ? out_features - o : 4;
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(active));
    const int8_t* w = weights + static_cast<int64_t>(o) * k;
    int32x4_t acc;
    if (p.input_offset != 0) {
      int32x4_t sums;
      acc = vmlaq_n_s32(dot_rows4<true>(x, w, k, active - 1, &sums), sums, p.input_offset);
    } else {
      acc = dot_rows4<false>(x, w, k, active - 1, nullptr);
    }
    acc = vaddq_n_s32(acc, constant);
    if (bias != nullptr) acc = vaddq_s32(acc, vldrwq_z_s32(bias + o, lanes));
    acc = requantize_any_multiplier(acc, vldrwq_z_s32(quant.multiplier + o, lanes),
                                    vldrwq_z_s32(quant.shift + o, lanes));
    vstrbq_p_s32(y + o, offset_and_clamp(acc, p.output_offset, p.activation), lanes);
  }
}

}  // namespace

void fully_connected_s8(const FullyConnectedParams& p, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output) {
  for (int32_t b = 0; b < batches; ++b) {
    run_batch(p, quant, in_features, out_features, input + static_cast<int64_t>(b) * in_features,
              weights, bias, output + static_cast<int64_t>(b) * out_features);
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
