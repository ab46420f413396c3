#include "kernels/cortex_m/mve/conv_block.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// acc[c] <<= left[c] (wrapping, as the reference's shift_left_wrap) for
// c < count, as a tail-predicated loop (WLSTP/LETP: the last pass's lanes
// past count are inactive).
void shift_left_row(const int32_t* left, int32_t* acc, int32_t count) {
  asm volatile(
      "   wlstp.32 lr, %[count], 2f\n"
      "1: vldrw.32 q0, [%[acc]]\n"
      "   vldrw.32 q1, [%[left]], #16\n"
      "   vshl.s32 q0, q0, q1\n"
      "   vstrw.32 q0, [%[acc]], #16\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [acc] "+r"(acc), [left] "+r"(left)
      : [count] "r"(count)
      : "q0", "q1", "lr", "memory");
}

// out[c] = clamp(rounding_divide_by_pow2(vqrdmulh(acc[c], multiplier[c]),
// right_neg[c]) + output_offset, [lo, hi]) for c < count, four channels per
// pass (requantize_mve.h's rounding_divide_by_pow2 written out), as a
// tail-predicated loop: no separate tail pass, and no spills, where the
// intrinsics version reloaded its pointers from the stack every pass. The
// narrowing VSTRB.32 needs a low register ("l") for its address.
void requantize_row(const int32_t* acc, const int32_t* multiplier, const int32_t* right_neg,
                    int32_t count, int32_t output_offset, int32_t lo, int32_t hi, int8_t* out) {
  asm volatile(
      "   vdup.32 q3, %[lo]\n"
      "   vdup.32 q4, %[hi]\n"
      "   wlstp.32 lr, %[count], 2f\n"
      "1: vldrw.32 q0, [%[acc]], #16\n"
      "   vldrw.32 q1, [%[multiplier]], #16\n"
      "   vqrdmulh.s32 q0, q0, q1\n"
      "   vldrw.32 q1, [%[right_neg]], #16\n"
      "   vand  q2, q0, q1\n"
      "   vshr.s32 q2, q2, #31\n"
      "   vqadd.s32 q0, q0, q2\n"
      "   vrshl.s32 q0, q0, q1\n"
      "   vadd.i32 q0, q0, %[offset]\n"
      "   vmax.s32 q0, q0, q3\n"
      "   vmin.s32 q0, q0, q4\n"
      "   vstrb.32 q0, [%[out]], #4\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [acc] "+r"(acc), [multiplier] "+r"(multiplier), [right_neg] "+r"(right_neg), [out] "+l"(out)
      : [count] "r"(count), [offset] "r"(output_offset), [lo] "r"(lo), [hi] "r"(hi)
      : "q0", "q1", "q2", "q3", "q4", "lr", "memory");
}

// Redoes out[c] for the channels whose multiplier is INT32_MIN and whose
// (left-shifted) sum acc[c] is INT32_MIN, the one product VQRDMULH
// saturates (to INT32_MAX). The reference's requantize gives
// doubling_high_mult_no_sat(INT32_MIN, INT32_MIN) = INT32_MIN, whose
// rounding division by 2^-right_neg is exact: INT32_MIN >> -right_neg. Then
// output_offset is added (wrapping) and the result clamped.
void redo_min_products(const int32_t* acc, const int32_t* multiplier, const int32_t* right_neg,
                       int32_t count, int32_t output_offset, int32_t lo, int32_t hi, int8_t* out) {
  for (int32_t c = 0; c < count; ++c) {
    if (multiplier[c] == INT32_MIN && acc[c] == INT32_MIN) {
      const int32_t scaled = INT32_MIN >> -right_neg[c];
      out[c] = static_cast<int8_t>(clamp_int32(add_wrap(scaled, output_offset), lo, hi));
    }
  }
}

}  // namespace

// Most models shift right only; a layer with some left shift pays one extra
// pass over its sums instead of a second copy of the requantization.
void requantize_rows(const ChannelTables& t, int32_t* acc, int32_t acc_stride, int32_t first,
                     int32_t count, int32_t rows, int32_t output_offset, const Activation& act,
                     int8_t* out, int32_t out_stride) {
  const int32_t* const left = t.left + first;
  const int32_t* const multiplier = t.multiplier + first;
  const int32_t* const right_neg = t.right_neg + first;
  const bool shift_left = t.any_left_shift;
  const bool min_multiplier = t.any_min_multiplier;
  const int32_t lo = act.min;
  const int32_t hi = act.max;
  acc += first;
  out += first;
  for (int32_t r = 0; r < rows; ++r, acc += acc_stride, out += out_stride) {
    if (shift_left) shift_left_row(left, acc, count);
    requantize_row(acc, multiplier, right_neg, count, output_offset, lo, hi, out);
    if (min_multiplier) {
      redo_min_products(acc, multiplier, right_neg, count, output_offset, lo, hi, out);
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
