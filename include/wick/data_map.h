// DataMap: read-only key -> bytes lookup for named data (Program.named_data)
// and external tensors (.ptd files).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/result.h"
#include "wick/scalar_type.h"
#include "wick/span.h"

namespace wick {

// Optional layout recorded beside a named blob (.ptd files carry it).
struct TensorLayout {
  ScalarType dtype = ScalarType::Float;
  uint8_t dim = 0;
  int32_t sizes[16] = {};
  uint8_t dim_order[16] = {};
  bool present = false;
};

class DataMap {
 public:
  // key is not NUL-terminated. NotFound if absent.
  virtual Result<Span<const uint8_t>> get(const char* key, size_t key_size) const = 0;
  virtual Result<TensorLayout> layout(const char* key, size_t key_size) const;

 protected:
  ~DataMap() = default;
};

inline Result<TensorLayout> DataMap::layout(const char*, size_t) const {
  return Error::NotFound;
}

}  // namespace wick
