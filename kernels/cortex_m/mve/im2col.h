// im2col for the Helium convolutions: the rows of input bytes (taps in
// (ky, kx, c) order) that conv_block.h's dot kernels multiply by weight rows.
// Out of line (im2col.cpp): they run once per pixel, and inlined into the
// convolution loops they would compete for the dot loops' registers.
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
};

// Pixel (n, oy, ox)'s im2col row for the group whose first input channel is
// first_in; padding taps hold pad_value.
void im2col_row(const ConvShape& s, const int8_t* input, int32_t n, int32_t oy, int32_t ox,
                int32_t first_in, int8_t pad_value, int8_t* row);

// The im2col rows of pixels [first, first + active) of image n, `depth`
// bytes apart.
void im2col_block(const ConvShape& s, const int8_t* input, int32_t n, int32_t first, int32_t active,
                  int32_t first_in, int8_t pad_value, int8_t* rows);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
