// .npy files (NumPy format 1.0-3.0) for host tools: parse from bytes, write.
// Parsing is hostile-input safe: every length and shape is checked against
// the data actually present.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "wick/scalar_type.h"

namespace wick {
namespace tools {

struct NpyArray {
  ScalarType dtype = ScalarType::Float;
  std::vector<int64_t> shape;
  bool fortran_order = false;
  std::vector<uint8_t> data;  // C order, little-endian
  size_t numel() const;
};

// Returns false and sets *error on malformed input.
bool parse_npy(const uint8_t* bytes, size_t size, NpyArray* out, std::string* error);
bool read_npy(const std::string& path, NpyArray* out, std::string* error);
std::vector<uint8_t> encode_npy(ScalarType dtype, const std::vector<int64_t>& shape,
                                const void* data, size_t nbytes);
bool write_npy(const std::string& path, ScalarType dtype, const std::vector<int64_t>& shape,
               const void* data, size_t nbytes, std::string* error);

}  // namespace tools
}  // namespace wick
