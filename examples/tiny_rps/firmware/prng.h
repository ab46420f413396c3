// PCG-XSH-RR 32 (O'Neill): the game's random numbers. examples/tiny_rps/
// render.py's Pcg32 is the same generator draw for draw, so the host can
// re-render what the device rendered from the same seed.
#pragma once

#include <stdint.h>

namespace tiny_rps {

class Pcg32 {
 public:
  explicit Pcg32(uint64_t seed, uint64_t stream = 54) : inc_((stream << 1) | 1u) {
    next_u32();
    state_ += seed;
    next_u32();
  }

  uint32_t next_u32() {
    const uint64_t old = state_;
    state_ = old * 6364136223846793005ull + inc_;
    const uint32_t xorshifted = static_cast<uint32_t>(((old >> 18) ^ old) >> 27);
    const uint32_t rot = static_cast<uint32_t>(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // [0, 1) with 24 random bits (exact in float).
  float unit() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

  // low <= v < high.
  int32_t integer(int32_t low, int32_t high) {
    return low + static_cast<int32_t>(next_u32() % static_cast<uint32_t>(high - low));
  }

  float uniform(float low, float high) { return low + (high - low) * unit(); }

  // Standard normal by Box-Muller (one value per two draws).
  float normal();

 private:
  uint64_t state_ = 0;
  uint64_t inc_;
};

}  // namespace tiny_rps
