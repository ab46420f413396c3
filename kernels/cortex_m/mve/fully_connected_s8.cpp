// Helium fully_connected_s8: same results as kernels/cortex_m/fully_connected_s8.cpp.
//
// Four output features at a time share each 16-byte input vector (VMLADAVA,
// 16 MACs per instruction). The offsets are applied algebraically:
//   sum (x + in_off)(w + f_off) = sum x*w + in_off*sum w + f_off*sum x
//                                 + in_off*f_off*k,
// all in wrapping int32, like the reference's truncated accumulator: sum x
// and the rows' sum w are added when an offset is non-zero. Wick's exporter
// folds in_off*sum w into the bias, and the binding's load-time step
// (prepare_quantized_linear) does the same for other programs with constant
// weights, so most layers run the bare dot products. Every multiplier,
// INT32_MIN included, stays on Helium.
//
// The loops are tail-predicated inline asm (WLSTP/LETP: the last pass's
// lanes past the count are inactive), one loop for whole and partial
// vectors: the intrinsics versions needed a separate tail pass each and
// spilled. VMLADAVA accumulates into even registers only, hence the
// register variables.
#include "kernels/cortex_m/fully_connected_s8.h"

#include "kernels/cortex_m/mve/byte_sum.h"
#include "kernels/cortex_m/mve/kernels.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

uint32_t wrapping(int32_t v) { return static_cast<uint32_t>(v); }

// acc[r] = sum_k x[k] * w_r[k] for the rows w_r = w + r * k, r < n, four
// rows per pass (a last group of fewer repeats its last row, so the loop
// needs no branch; acc has room for whole groups).
__attribute__((noinline)) void dot_rows(const int8_t* x, const int8_t* w, int32_t k, int32_t n,
                                        int32_t* acc) {
  for (int32_t r = 0; r < n; r += 4, w += 4 * k, acc += 4) {
    const int8_t* w0 = w;
    const int8_t* w1 = r + 1 < n ? w0 + k : w0;
    const int8_t* w2 = r + 2 < n ? w1 + k : w1;
    const int8_t* w3 = r + 3 < n ? w2 + k : w2;
    const int8_t* xk = x;
    register int32_t a0 asm("r0") = 0;
    register int32_t a1 asm("r2") = 0;
    register int32_t a2 asm("r4") = 0;
    register int32_t a3 asm("r6") = 0;
    asm volatile(
        "   wlstp.8 lr, %[k], 2f\n"
        "1: vldrb.8 q0, [%[x]], #16\n"
        "   vldrb.8 q1, [%[w0]], #16\n"
        "   vmladava.s8 %[a0], q0, q1\n"
        "   vldrb.8 q1, [%[w1]], #16\n"
        "   vmladava.s8 %[a1], q0, q1\n"
        "   vldrb.8 q1, [%[w2]], #16\n"
        "   vmladava.s8 %[a2], q0, q1\n"
        "   vldrb.8 q1, [%[w3]], #16\n"
        "   vmladava.s8 %[a3], q0, q1\n"
        "   letp  lr, 1b\n"
        "2:\n"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(xk), [w0] "+r"(w0),
          [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3)
        : [k] "r"(k)
        : "q0", "q1", "lr", "memory");
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
  }
}

// Four zero sums, the bias of a layer without one.
constexpr int32_t kNoBias[4] = {0, 0, 0, 0};

// y[r] = clamp(requantize(acc[r] + bias[first + r], multiplier[first + r],
// shift[first + r]) + output_offset, activation) for r < n, four features
// per pass. The shift splits per lane into left = shift & ~(shift >> 31)
// and right_neg = shift - left. VQRDMULH saturates INT32_MIN * INT32_MIN to
// INT32_MAX where the reference's doubling high multiply wraps to
// INT32_MIN: the VPT block marks those lanes and VPSEL puts INT32_MIN back.
// The rounding divide is requantize_mve.h's rounding_divide_by_pow2. The
// narrowing VSTRB.32 needs a low register ("l") for its address.
__attribute__((noinline)) void requantize_features(const int32_t* acc, int32_t n,
                                                   const FullyConnectedParams& p,
                                                   const PerChannelQuant& quant,
                                                   const int32_t* bias, int32_t first, int8_t* y) {
  // A null bias reads kNoBias again and again (stride 0).
  const int32_t bias_stride = bias != nullptr ? 1 : 0;
  bias = bias != nullptr ? bias + first : kNoBias;
  const int32_t* multiplier = quant.multiplier + first;
  const int32_t* shift = quant.shift + first;
  asm volatile(
      "   vdup.32 q4, %[lo]\n"
      "   vdup.32 q5, %[hi]\n"
      "   vmov.i32 q6, #0x80000000\n"
      "   wlstp.32 lr, %[n], 2f\n"
      "1: vldrw.32 q0, [%[acc]], #16\n"
      "   vldrw.32 q1, [%[bias]]\n"
      "   add.w %[bias], %[bias], %[bias_stride], lsl #4\n"
      "   vadd.i32 q0, q0, q1\n"
      "   vldrw.32 q2, [%[shift]], #16\n"
      "   vshr.s32 q3, q2, #31\n"
      "   vbic  q3, q2, q3\n"
      "   vsub.i32 q2, q2, q3\n"
      "   vshl.s32 q0, q0, q3\n"
      "   vldrw.32 q1, [%[multiplier]], #16\n"
      "   vpt.i32 eq, q1, q6\n"
      "   vcmpt.i32 eq, q0, q6\n"
      "   vqrdmulh.s32 q0, q0, q1\n"
      "   vpsel q0, q6, q0\n"
      "   vand  q3, q0, q2\n"
      "   vshr.s32 q3, q3, #31\n"
      "   vqadd.s32 q0, q0, q3\n"
      "   vrshl.s32 q0, q0, q2\n"
      "   vadd.i32 q0, q0, %[offset]\n"
      "   vmax.s32 q0, q0, q4\n"
      "   vmin.s32 q0, q0, q5\n"
      "   vstrb.32 q0, [%[y]], #4\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [acc] "+r"(acc), [bias] "+r"(bias), [multiplier] "+r"(multiplier), [shift] "+r"(shift),
        [y] "+l"(y)
      : [n] "r"(n), [bias_stride] "r"(bias_stride), [offset] "r"(p.output_offset),
        [lo] "r"(p.activation.min), [hi] "r"(p.activation.max)
      : "q0", "q1", "q2", "q3", "q4", "q5", "q6", "lr", "memory");
}

}  // namespace

// The sums of a chunk of features go to a stack array first and are
// requantized in a second loop: the dot products need every register.
void fully_connected_s8(const FullyConnectedParams& p, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output) {
  constexpr int32_t kChunk = 64;
  int32_t acc[kChunk];
  const int32_t k = in_features;
  for (int32_t b = 0; b < batches; ++b, input += k) {
    for (int32_t c = 0; c < out_features; c += kChunk) {
      const int32_t n = out_features - c < kChunk ? out_features - c : kChunk;
      const int8_t* w = weights + static_cast<int64_t>(c) * k;
      dot_rows(input, w, k, n, acc);
      if (p.input_offset != 0 || p.filter_offset != 0) {
        // filter_offset * (sum x + input_offset * k) is the same for every
        // row (recomputed per chunk: this path is for programs prepare
        // could not fold).
        const uint32_t constant =
            wrapping(p.filter_offset) *
            (wrapping(sum_s8(input, k)) + wrapping(p.input_offset) * wrapping(k));
        for (int32_t r = 0; r < n; ++r, w += k) {
          acc[r] = static_cast<int32_t>(wrapping(acc[r]) + constant +
                                        wrapping(p.input_offset) * wrapping(sum_s8(w, k)));
        }
      }
      requantize_features(acc, n, p, quant, bias, c, output);
      output += n;
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
