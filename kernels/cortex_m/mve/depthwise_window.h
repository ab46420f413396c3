// The part of a depthwise convolution window that lies inside the input,
// shared by the Helium depthwise paths: taps [y0, y0 + rows) x [x0, x0 + cols)
// in units of dilation, computed once per output pixel so that padding costs
// no per-tap test.
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {
namespace mve {

// First tap k with start + k * dilation >= 0.
inline int32_t first_tap(int32_t start, int32_t dilation) {
  return start >= 0 ? 0 : (-start + dilation - 1) / dilation;
}

// One past the last tap k with start + k * dilation < size (at most kernel).
inline int32_t end_tap(int32_t start, int32_t kernel, int32_t dilation, int32_t size) {
  if (start + (kernel - 1) * dilation < size) return kernel;
  if (start >= size) return 0;
  return (size - start + dilation - 1) / dilation;
}

// Taps of one axis: the first inside the input and how many (0 if none).
struct TapRange {
  int32_t first;
  int32_t count;
};

inline TapRange tap_range(int32_t start, int32_t kernel, int32_t dilation, int32_t size) {
  const int32_t first = first_tap(start, dilation);
  const int32_t end = end_tap(start, kernel, dilation, size);
  return TapRange{first, end > first ? end - first : 0};
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
