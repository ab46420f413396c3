#include "kernels/cortex_m/mve/conv_block.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// Four channels of one row. kLeftShift: some channel shifts left (most
// models shift right only, which saves the VSHL and its table load).
template <bool kLeftShift>
__attribute__((always_inline)) inline int32x4_t requantize4(const int32_t* left,
                                                            const int32_t* multiplier,
                                                            const int32_t* right_neg, int32x4_t v,
                                                            int32_t output_offset, int32x4_t lo,
                                                            int32x4_t hi) {
  if (kLeftShift) v = vshlq_s32(v, vldrwq_s32(left));
  v = vqrdmulhq_s32(v, vldrwq_s32(multiplier));
  v = rounding_divide_by_pow2(v, vldrwq_s32(right_neg));
  return vminq_s32(vmaxq_s32(vaddq_n_s32(v, output_offset), lo), hi);
}

// Table pointers are copied into locals: int8 stores may alias anything,
// so pointers read through ChannelTables would be reloaded after each store.
template <bool kLeftShift>
void requantize_rows_impl(const ChannelTables& t, const int32_t* acc, int32_t acc_stride,
                          int32_t first, int32_t count, int32_t rows, int32_t output_offset,
                          const Activation& act, int8_t* out, int32_t out_stride) {
  const int32x4_t lo = vdupq_n_s32(act.min);
  const int32x4_t hi = vdupq_n_s32(act.max);
  const int32_t* const left0 = t.left + first;
  const int32_t* const multiplier0 = t.multiplier + first;
  const int32_t* const right_neg0 = t.right_neg + first;
  const int32_t vectors = count >> 2;
  const int32_t tail = count & 3;
  acc += first;
  out += first;
  for (int32_t r = 0; r < rows; ++r, acc += acc_stride, out += out_stride) {
    const int32_t* a = acc;
    const int32_t* left = left0;
    const int32_t* multiplier = multiplier0;
    const int32_t* right_neg = right_neg0;
    int8_t* y = out;
    // Whole vectors unpredicated, then one predicated tail.
    for (int32_t i = vectors; i > 0; --i) {
      vstrbq_s32(y, requantize4<kLeftShift>(left, multiplier, right_neg, vldrwq_s32(a),
                                            output_offset, lo, hi));
      a += 4;
      left += 4;
      multiplier += 4;
      right_neg += 4;
      y += 4;
    }
    if (tail != 0) {
      const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(tail));
      const int32x4_t v = vldrwq_z_s32(a, lanes);
      vstrbq_p_s32(
          y, requantize4<kLeftShift>(left, multiplier, right_neg, v, output_offset, lo, hi), lanes);
    }
  }
}

}  // namespace

void requantize_rows(const ChannelTables& t, const int32_t* acc, int32_t acc_stride, int32_t first,
                     int32_t count, int32_t rows, int32_t output_offset, const Activation& act,
                     int8_t* out, int32_t out_stride) {
  if (t.any_left_shift) {
    requantize_rows_impl<true>(t, acc, acc_stride, first, count, rows, output_offset, act, out,
                               out_stride);
  } else {
    requantize_rows_impl<false>(t, acc, acc_stride, first, count, rows, output_offset, act, out,
                                out_stride);
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
