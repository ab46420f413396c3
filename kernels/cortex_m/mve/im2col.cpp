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

// Writes pixel (n, oy, ox)'s im2col row for the group whose first input
// channel is first_in: taps in (ky, kx, c) order, padding as pad_value. The
// geometry is copied to locals first: the int8 stores may alias anything
// reached by reference.
void im2col_row(const ConvShape& s, const int8_t* input, int32_t n, int32_t oy, int32_t ox,
                int32_t first_in, int8_t pad_value, int8_t* row) {
  const int32_t kernel_h = s.f.h;
  const int32_t kernel_w = s.f.w;
  const int32_t dilation_h = s.p.dilation.h;
  const int32_t dilation_w = s.p.dilation.w;
  const int32_t in_h = s.in.h;
  const int32_t in_w = s.in.w;
  const int32_t in_c = s.in.c;
  const int32_t group_in = s.group_in;
  const int32_t iy0 = oy * s.p.stride.h - s.p.padding.h;
  const int32_t ix0 = ox * s.p.stride.w - s.p.padding.w;
  const int32_t row_bytes = kernel_w * group_in;
  const int8_t* image = input + static_cast<int64_t>(n) * in_h * in_w * in_c + first_in;
  for (int32_t ky = 0; ky < kernel_h; ++ky, row += row_bytes) {
    const int32_t iy = iy0 + ky * dilation_h;
    if (iy < 0 || iy >= in_h) {
      fill_row(row, pad_value, row_bytes);
      continue;
    }
    const int8_t* line = image + iy * in_w * in_c;
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

// The im2col rows of pixels [first, first + active) of image n for the group
// whose first input channel is first_in, `depth` bytes apart. Interior
// pixels whose kernel rows are contiguous in the input (dilation.w 1, one
// group) take kh straight copies; the others go through im2col_row. The
// geometry is copied to locals: the int8 stores may alias anything
// reached by reference, which would reload it after every store.
void im2col_block(const ConvShape& s, const int8_t* input, int32_t n, int32_t first, int32_t active,
                  int32_t first_in, int8_t pad_value, int8_t* rows) {
  const int32_t out_w = s.out.w;
  const int32_t stride_h = s.p.stride.h;
  const int32_t stride_w = s.p.stride.w;
  const int32_t pad_h = s.p.padding.h;
  const int32_t pad_w = s.p.padding.w;
  const int32_t kernel_h = s.f.h;
  const int32_t span_h = (s.f.h - 1) * s.p.dilation.h;
  const int32_t span_w = (s.f.w - 1) * s.p.dilation.w;
  const int32_t in_h = s.in.h;
  const int32_t in_w = s.in.w;
  const int32_t in_c = s.in.c;
  const int32_t depth = s.depth;
  const int32_t row_bytes = s.f.w * s.group_in;
  const int32_t line_bytes = in_w * in_c;
  const int32_t tap_line_stride = s.p.dilation.h * line_bytes;
  const bool contiguous = s.p.dilation.w == 1 && s.group_in == in_c;
  const int8_t* image = input + static_cast<int64_t>(n) * in_h * line_bytes;
  int32_t oy = first / out_w;
  int32_t ox = first % out_w;
  for (int32_t r = 0; r < active; ++r, rows += depth) {
    const int32_t iy0 = oy * stride_h - pad_h;
    const int32_t ix0 = ox * stride_w - pad_w;
    if (contiguous && iy0 >= 0 && ix0 >= 0 && iy0 + span_h < in_h && ix0 + span_w < in_w) {
      const int8_t* line = image + iy0 * line_bytes + ix0 * in_c;
      int8_t* dst = rows;
      for (int32_t ky = 0; ky < kernel_h; ++ky, line += tap_line_stride, dst += row_bytes) {
        copy_row(dst, line, row_bytes);
      }
    } else {
      im2col_row(s, input, n, oy, ox, first_in, pad_value, rows);
    }
    if (++ox == out_w) {
      ox = 0;
      ++oy;
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
