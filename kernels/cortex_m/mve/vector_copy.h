// Byte copies and fills in 16-byte Helium vectors (whole vectors, then one
// predicated tail that touches no byte past n).
#pragma once

#include <arm_mve.h>
#include <stdint.h>

namespace wick {
namespace cortex_m {
namespace mve {

inline void copy_bytes(int8_t* dst, const int8_t* src, int32_t n) {
  for (int32_t i = n >> 4; i > 0; --i) {
    vstrbq_s8(dst, vldrbq_s8(src));
    dst += 16;
    src += 16;
  }
  const int32_t tail = n & 15;
  if (tail != 0) {
    const mve_pred16_t p = vctp8q(static_cast<uint32_t>(tail));
    vstrbq_p_s8(dst, vldrbq_z_s8(src, p), p);
  }
}

// copy_bytes for long copies (thousands of bytes, e.g. a whole tensor): 128
// bytes per iteration with post-incremented addresses, seventeen
// instructions where copy_bytes takes 24, then copy_bytes for the rest.
inline void copy_long_bytes(int8_t* dst, const int8_t* src, int32_t n) {
  const int32_t blocks = n >> 7;
  if (blocks != 0) {
    asm volatile(
        "dls lr, %[blocks]\n"
        "1:\n\t"
        "vldrb.8 q0, [%[src]], #16\n\t"
        "vldrb.8 q1, [%[src]], #16\n\t"
        "vldrb.8 q2, [%[src]], #16\n\t"
        "vldrb.8 q3, [%[src]], #16\n\t"
        "vldrb.8 q4, [%[src]], #16\n\t"
        "vldrb.8 q5, [%[src]], #16\n\t"
        "vldrb.8 q6, [%[src]], #16\n\t"
        "vldrb.8 q7, [%[src]], #16\n\t"
        "vstrb.8 q0, [%[dst]], #16\n\t"
        "vstrb.8 q1, [%[dst]], #16\n\t"
        "vstrb.8 q2, [%[dst]], #16\n\t"
        "vstrb.8 q3, [%[dst]], #16\n\t"
        "vstrb.8 q4, [%[dst]], #16\n\t"
        "vstrb.8 q5, [%[dst]], #16\n\t"
        "vstrb.8 q6, [%[dst]], #16\n\t"
        "vstrb.8 q7, [%[dst]], #16\n\t"
        "le lr, 1b\n\t"
        : [dst] "+r"(dst), [src] "+r"(src)
        : [blocks] "r"(blocks)
        : "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "lr", "memory");
  }
  copy_bytes(dst, src, n & 127);
}

inline void fill_bytes(int8_t* dst, int8_t value, int32_t n) {
  const int8x16_t v = vdupq_n_s8(value);
  for (int32_t i = n >> 4; i > 0; --i) {
    vstrbq_s8(dst, v);
    dst += 16;
  }
  const int32_t tail = n & 15;
  if (tail != 0) vstrbq_p_s8(dst, v, vctp8q(static_cast<uint32_t>(tail)));
}

// Copies `rows` rows of 16 * vectors bytes (vectors >= 1), the source rows
// src_stride bytes apart, to consecutive destination rows: an im2col window
// of an interior pixel. Written out as two low-overhead loops because the
// compiler recomputes the counts and spills around each row.
inline void copy_rows16(int8_t* dst, const int8_t* src, int32_t rows, int32_t vectors,
                        int32_t src_stride) {
  const int32_t skip = src_stride - 16 * vectors;
  asm volatile(
      "1: dls   lr, %[vectors]\n"
      "2: vldrb.8 q0, [%[src]], #16\n"
      "   vstrb.8 q0, [%[dst]], #16\n"
      "   le    lr, 2b\n"
      "   add   %[src], %[src], %[skip]\n"
      "   subs  %[rows], %[rows], #1\n"
      "   bne   1b\n"
      : [dst] "+r"(dst), [src] "+r"(src), [rows] "+r"(rows)
      : [vectors] "r"(vectors), [skip] "r"(skip)
      : "q0", "lr", "memory", "cc");
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
