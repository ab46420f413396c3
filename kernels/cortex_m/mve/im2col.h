// im2col for the Helium convolutions: the rows of input bytes (taps in
// (ky, kx, c) order) that conv_block.h's dot kernels multiply by weight rows.
// Out of line (im2col.cpp): inlined into the convolution loops it would
// compete for the dot loops' registers.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {
namespace mve {

// One convolution's geometry, as the Helium paths share it.
struct ConvShape {
  const ConvParams& p;
  const Dims4& in;
  const Dims4& f;
  const Dims4& out;
  int32_t group_in;
  int32_t depth;  // kh * kw * group_in: one im2col row
  // A pixel's window lies inside the input when its origin (iy0, ix0) has
  // iy0 in [0, y_end) and ix0 in [0, x_end), each tested as one unsigned
  // compare (a negative start wraps above the end); an end of 0 admits none.
  uint32_t y_end;
  uint32_t x_end;
};

// One past the last window origin along an axis (input extent `input`)
// whose `kernel` taps, `dilation` apart, all lie inside; 0 when none does:
// ConvShape's y_end and x_end.
inline uint32_t window_inside_end(int32_t input, int32_t kernel, int32_t dilation) {
  const int32_t span = (kernel - 1) * dilation;
  return input > span ? static_cast<uint32_t>(input - span) : 0u;
}

// The im2col row of the pixel whose window origin is (iy0, ix0) in `image`
// (an input image, offset to the group's first input channel): taps in
// (ky, kx, c) order, padding taps holding -input_offset (which the binding
// keeps within int8).
void im2col_row(const ConvShape& s, const int8_t* image, int32_t iy0, int32_t ix0, int8_t* row);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
