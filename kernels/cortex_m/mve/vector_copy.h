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
