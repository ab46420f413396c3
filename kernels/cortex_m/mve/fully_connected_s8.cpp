// Helium fully_connected_s8: same results as kernels/cortex_m/fully_connected_s8.cpp.
//
// Four output features at a time share each 16-byte input vector (VMLADAVA,
// 16 MACs per instruction). The offsets are applied algebraically:
//   sum (x + in_off)(w + f_off) = sum x*w + in_off*sum w + f_off*sum x
//                                 + in_off*f_off*k,
// with sum w accumulated in the same loop only when in_off != 0 and sum x
// computed once per batch when f_off != 0; all in wrapping int32, like the reference's
// truncated accumulator. A multiplier of INT32_MIN runs the reference.
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

// Four rows of k weights against x: lane r = sum x*w_r; with kWeightSums,
// sums[r] = sum w_r.
template <bool kWeightSums>
__attribute__((always_inline)) inline int32x4_t dot_rows4(const int8_t* x, const int8_t* w0,
                                                          const int8_t* w1, const int8_t* w2,
                                                          const int8_t* w3, int32_t k,
                                                          int32x4_t* sums) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int32_t i = k >> 4; i > 0; --i) {
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
  const int32_t tail = k & 15;
  if (tail != 0) {
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(tail));
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

template <bool kWeightSums>
void run_batch(const FullyConnectedParams& p, const PerChannelQuant& quant, int32_t k,
               int32_t out_features, const int8_t* x, const int8_t* weights, const int32_t* bias,
               int8_t* y) {
  // Terms that do not depend on the output feature.
  const int32_t x_sum = p.filter_offset != 0 ? sum_of(x, k) : 0;
  const int32_t constant =
      static_cast<int32_t>(wrapping(p.filter_offset) * wrapping(x_sum) +
                           wrapping(p.input_offset) * wrapping(p.filter_offset) * wrapping(k));
  const int32_t input_offset = p.input_offset;
  const int32_t output_offset = p.output_offset;
  const Activation act = p.activation;
  const int32_t* const multipliers = quant.multiplier;
  const int32_t* const shifts = quant.shift;
  for (int32_t o = 0; o < out_features; o += 4) {
    // A last group of fewer than four features repeats its last row and
    // stores only the active lanes.
    const int32_t active = out_features - o < 4 ? out_features - o : 4;
    const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(active));
    const int8_t* w = weights + static_cast<int64_t>(o) * k;
    int32x4_t weight_sums = vdupq_n_s32(0);
    int32x4_t acc = dot_rows4<kWeightSums>(x, w, active > 1 ? w + k : w, active > 2 ? w + 2 * k : w,
                                           active > 3 ? w + 3 * k : w, k, &weight_sums);
    acc = vaddq_n_s32(acc, constant);
    if (kWeightSums) acc = vmlaq_n_s32(acc, weight_sums, input_offset);
    if (bias != nullptr) acc = vaddq_s32(acc, vldrwq_z_s32(bias + o, lanes));
    acc = requantize(acc, vldrwq_z_s32(multipliers + o, lanes), vldrwq_z_s32(shifts + o, lanes));
    vstrbq_p_s32(y + o, offset_and_clamp(acc, output_offset, act), lanes);
  }
}

}  // namespace

void fully_connected_s8(const FullyConnectedParams& p, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output) {
  if (!multipliers_fit_vqrdmulh(quant.multiplier, out_features)) {
    cortex_m::fully_connected_s8(p, quant, batches, in_features, out_features, input, weights, bias,
                                 output);
    return;
  }
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* x = input + static_cast<int64_t>(b) * in_features;
    int8_t* y = output + static_cast<int64_t>(b) * out_features;
    if (p.input_offset != 0) {
      run_batch<true>(p, quant, in_features, out_features, x, weights, bias, y);
    } else {
      run_batch<false>(p, quant, in_features, out_features, x, weights, bias, y);
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
