// Independent scalar formulations of CMSIS-NN requantization for tests:
// written with floor division and sign-magnitude rounding instead of the
// kernel's shifts and masks, so a shared mistake is unlikely.
#pragma once

#include <stdint.h>

namespace wick {
namespace test {

inline int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// round(v * 2^left * m / 2^31) with ties up, wrapped to int32, then divided by
// 2^right with ties away from zero.
inline int32_t ref_requantize(int32_t v, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(v) * (uint32_t{1} << left));
  const int64_t high =
      floor_div(int64_t{shifted} * multiplier + (int64_t{1} << 30), int64_t{1} << 31);
  const int32_t h = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(high)));
  if (right == 0) return h;
  const int64_t magnitude = h < 0 ? -int64_t{h} : int64_t{h};
  const int64_t rounded = (magnitude + (int64_t{1} << (right - 1))) >> right;
  return static_cast<int32_t>(h < 0 ? -rounded : rounded);
}

inline int32_t ref_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

// A small deterministic generator for test data.
class Lcg {
 public:
  explicit Lcg(uint32_t seed) : state_(seed) {}
  uint32_t next() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_ >> 8;
  }
  int32_t range(int32_t lo, int32_t hi) {
    return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1));
  }

 private:
  uint32_t state_;
};

}  // namespace test
}  // namespace wick
