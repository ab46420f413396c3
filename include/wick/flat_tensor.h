// External tensor data files (".ptd", identifier FT01), both layouts that
// share the identifier. The file buffer is caller-owned and must outlive the
// map; nothing is copied.
#pragma once

#include <stdint.h>

#include "wick/data_map.h"
#include "wick/result.h"
#include "wick/span.h"

namespace wick {

class FlatTensorDataMap final : public DataMap {
 public:
  static Result<FlatTensorDataMap> load(Span<const uint8_t> file);

  Result<Span<const uint8_t>> get(const char* key, size_t key_size) const override;
  Result<TensorLayout> layout(const char* key, size_t key_size) const override;

  size_t num_keys() const;
  // Key `index` (NUL-terminated, points into the file).
  Result<const char*> key(size_t index) const;
  bool legacy_layout() const { return legacy_; }

 private:
  FlatTensorDataMap() = default;
  Result<Span<const uint8_t>> segment(uint32_t index) const;

  Span<const uint8_t> file_;
  uint64_t segment_base_ = 0;
  const void* root_ = nullptr;
  bool legacy_ = false;
};

}  // namespace wick
