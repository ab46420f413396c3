#include "kernels/cortex_m/mve/im2col.h"

#include <stdint.h>

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// n bytes copied / filled as a tail-predicated low-overhead loop
// (WLSTP/LETP): the last pass's lanes past n are inactive, so no byte past
// n is touched. Four instructions of code, where vector_copy.h's
// copy_bytes (whole vectors, then a predicated tail) takes 82 bytes and
// twice the instructions per 16 bytes.
inline void copy_row(int8_t* dst, const int8_t* src, int32_t n) {
  asm volatile(
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vldrb.8 q0, [%[src]], #16\n"
      "   vstrb.8 q0, [%[dst]], #16\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [dst] "+r"(dst), [src] "+r"(src)
      : [n] "r"(n)
      : "q0", "lr", "memory");
}

inline void fill_row(int8_t* dst, int8_t value, int32_t n) {
  asm volatile(
      "   vdup.8 q0, %[value]\n"
      "   wlstp.8 lr, %[n], 2f\n"
      "1: vstrb.8 q0, [%[dst]], #16\n"
      "   letp  lr, 1b\n"
      "2:\n"
      : [dst] "+r"(dst)
      : [n] "r"(n), [value] "r"(static_cast<int32_t>(value))
      : "q0", "lr", "memory");
}

}  // namespace

// An interior pixel (window inside the input) whose kernel rows are each
// one run of input bytes (dilation.w 1, one group: a tap holds every
// channel, next to the previous one) takes kh straight copies. Otherwise
// kernel rows outside the input are one fill, the others tap by tap. The
// geometry is copied to locals first: the int8 stores may alias
// anything reached by reference, which would reload it after every store.
// Offsets are int32: each lies inside a tensor in this 32-bit core's memory.
void im2col_row(const ConvShape& s, const int8_t* image, int32_t iy0, int32_t ix0, int8_t* row) {
  const int32_t kernel_h = s.f.h;
  const int32_t kernel_w = s.f.w;
  const int32_t dilation_h = s.p.dilation.h;
  const int32_t dilation_w = s.p.dilation.w;
  const int32_t in_h = s.in.h;
  const int32_t in_w = s.in.w;
  const int32_t in_c = s.in.c;
  const int32_t group_in = s.group_in;
  const int32_t line_bytes = in_w * in_c;
  const int32_t tap_row_bytes = kernel_w * group_in;
  if (dilation_w == 1 && group_in == in_c && static_cast<uint32_t>(iy0) < s.y_end &&
      static_cast<uint32_t>(ix0) < s.x_end) {
    const int8_t* line = image + iy0 * line_bytes + ix0 * in_c;
    const int32_t tap_line_stride = dilation_h * line_bytes;
    for (int32_t ky = 0; ky < kernel_h; ++ky, line += tap_line_stride, row += tap_row_bytes) {
      copy_row(row, line, tap_row_bytes);
    }
    return;
  }
  const int8_t pad_value = static_cast<int8_t>(-s.p.input_offset);
  for (int32_t ky = 0, iy = iy0; ky < kernel_h; ++ky, iy += dilation_h, row += tap_row_bytes) {
    if (iy < 0 || iy >= in_h) {
      fill_row(row, pad_value, tap_row_bytes);
      continue;
    }
    const int8_t* line = image + iy * line_bytes;
    int8_t* tap = row;
    for (int32_t kx = 0, ix = ix0; kx < kernel_w; ++kx, ix += dilation_w, tap += group_in) {
      if (ix < 0 || ix >= in_w) {
        fill_row(tap, pad_value, group_in);
      } else {
        copy_row(tap, line + ix * in_c, group_in);
      }
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
