// Shared pieces of the on-target kernel suites: a seeded generator, the
// buffers every case draws from, and the byte comparison that counts
// mismatches between the reference and the Helium kernel.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace kernel_tests {

// xorshift32, as the anchor measurements (docs/anchors.md §2).
class Rng {
 public:
  explicit Rng(uint32_t seed) : state_(seed != 0 ? seed : 0x9E3779B9u) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform in [lo, hi].
  int32_t range(int32_t lo, int32_t hi) {
    const uint32_t span = static_cast<uint32_t>(hi - lo) + 1u;
    return lo + static_cast<int32_t>(span == 0 ? next() : next() % span);
  }
  bool chance(uint32_t percent) { return next() % 100u < percent; }
  void fill(int8_t* data, size_t count) {
    for (size_t i = 0; i < count; ++i) data[i] = static_cast<int8_t>(next());
  }
  // A multiplier (mostly Q0.31 in [2^30, 2^31), sometimes any int32) and a shift (mostly the usual
  // -12..2, sometimes any of [-31, 31]).
  int32_t multiplier();
  int32_t shift();
  int32_t zero_point() { return chance(15) ? (chance(50) ? -128 : 127) : range(-128, 127); }
  cortex_m::Activation activation();

 private:
  uint32_t state_;
};

// Buffers in the large SRAM, big enough for every generated case.
constexpr size_t kBufferBytes = 96 * 1024;
constexpr size_t kMaxChannels = 1024;
struct Buffers {
  int8_t* input;
  int8_t* input2;
  int8_t* filter;
  int8_t* expected;
  int8_t* actual;
  uint8_t* scratch;
  int32_t* bias;
  int32_t* multiplier;
  int32_t* shift;
};
Buffers& buffers();

// Fills the per-channel arrays of `channels` entries.
void random_quant(Rng& rng, int32_t channels);

// Compares count bytes; prints the first mismatch of a failing case.
// Returns true when equal and updates the suite's tally.
struct Tally {
  const char* suite;
  uint32_t cases = 0;
  uint32_t failed = 0;
  uint64_t bytes = 0;
};
bool check_equal(Tally& tally, uint32_t case_index, const int8_t* expected, const int8_t* actual,
                 size_t count);

// Each suite runs `cases` seeded cases and reports into its tally.
Tally run_conv2d_suite(uint32_t seed, uint32_t cases);
Tally run_depthwise_suite(uint32_t seed, uint32_t cases);
Tally run_fully_connected_suite(uint32_t seed, uint32_t cases);
Tally run_pool_suite(uint32_t seed, uint32_t cases);
Tally run_elementwise_suite(uint32_t seed, uint32_t cases);
Tally run_pad_suite(uint32_t seed, uint32_t cases);
Tally run_softmax_suite(uint32_t seed, uint32_t cases);
// One call per Helium op table entry against the reference binding.
Tally run_binding_suite(uint32_t seed);

}  // namespace kernel_tests
}  // namespace wick
