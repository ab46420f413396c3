// The .npy subset the runner firmware reads and writes, without a heap:
// format versions 1.0-3.0, little-endian (or byte-order-free) dtypes, C order.
// The host side (python/wick/sim/cli.py) rewrites every input with numpy as
// a C-ordered little-endian array first, so anything numpy can read works.
// Every length and dimension is checked against the bytes present.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/result.h"
#include "wick/scalar_type.h"
#include "wick/span.h"
#include "wick/tensor.h"

namespace wick {
namespace runner {

struct NpyView {
  ScalarType dtype = ScalarType::Float;
  int32_t sizes[kMaxRank] = {};
  uint8_t dim = 0;
  size_t numel = 0;
  Span<const uint8_t> data;  // exactly numel * element_size(dtype) bytes
};

// Parses `file` (a whole .npy); the view's data points into it.
Result<NpyView> parse_npy(Span<const uint8_t> file);

// Writes the version 1.0 header for an array of `dtype` and `sizes` into
// `out` (padded with spaces to a multiple of 64 bytes, ending in '\n', as
// numpy writes it). Returns the header's length.
Result<size_t> encode_npy_header(ScalarType dtype, Span<const int32_t> sizes, Span<char> out);

}  // namespace runner
}  // namespace wick
