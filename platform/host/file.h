// Reading whole files into 16-byte-aligned memory on the host (the runtime
// requires aligned program buffers).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <memory>
#include <string>

#include "wick/result.h"
#include "wick/span.h"

namespace wick {
namespace host {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t size);
  uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  Span<const uint8_t> span() const { return Span<const uint8_t>(data_.get(), size_); }
  Span<uint8_t> mutable_span() { return Span<uint8_t>(data_.get(), size_); }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};

// Reads `path`; on failure returns AccessFailed and fills `why` with the
// OS's reason.
Result<AlignedBuffer> read_file(const std::string& path, std::string* why = nullptr);

}  // namespace host
}  // namespace wick
