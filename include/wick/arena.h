// Arena: a bump allocator over caller-provided memory. The runtime never
// allocates from the heap; every byte it uses comes from an Arena.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wick {

class Arena {
 public:
  Arena() = default;
  Arena(void* base, size_t size) : base_(static_cast<uint8_t*>(base)), size_(size) {}

  // Returns nullptr when the arena cannot satisfy the request; shortfall()
  // then says how many more bytes the failed request needed.
  void* allocate(size_t bytes, size_t align = 16) {
    const uintptr_t start = reinterpret_cast<uintptr_t>(base_) + used_;
    const uintptr_t aligned = (start + (align - 1)) & ~static_cast<uintptr_t>(align - 1);
    const size_t padding = static_cast<size_t>(aligned - start);
    if (base_ == nullptr || padding > size_ - used_ || bytes > size_ - used_ - padding) {
      const size_t wanted = used_ + padding + bytes;
      shortfall_ = wanted > size_ ? wanted - size_ : bytes;
      return nullptr;
    }
    used_ += padding + bytes;
    if (used_ > high_water_) high_water_ = used_;
    return reinterpret_cast<void*>(aligned);
  }

  template <typename T>
  T* allocate_array(size_t count) {
    if (count > static_cast<size_t>(-1) / sizeof(T)) return nullptr;
    return static_cast<T*>(allocate(count * sizeof(T), alignof(T) < 4 ? 4 : alignof(T)));
  }

  void reset() { used_ = 0; }
  size_t used() const { return used_; }
  size_t size() const { return size_; }
  size_t high_water() const { return high_water_; }
  size_t shortfall() const { return shortfall_; }

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  size_t used_ = 0;
  size_t high_water_ = 0;
  size_t shortfall_ = 0;
};

}  // namespace wick
