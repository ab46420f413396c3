#include "tools/firmware/kernel_tests/test_support.h"

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"

namespace wick {
namespace kernel_tests {
namespace {

alignas(16) int8_t g_input[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_input2[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_filter[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_expected[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_actual[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_scratch[kBufferBytes] WICK_PLACE_ARENA;
alignas(16) int32_t g_bias[kMaxChannels] WICK_PLACE_ARENA;
alignas(16) int32_t g_multiplier[kMaxChannels] WICK_PLACE_ARENA;
alignas(16) int32_t g_shift[kMaxChannels] WICK_PLACE_ARENA;

}  // namespace

Buffers& buffers() {
  static Buffers b{g_input,   g_input2, g_filter,     g_expected, g_actual,
                   g_scratch, g_bias,   g_multiplier, g_shift};
  return b;
}

int32_t Rng::multiplier() {
  if (chance(10)) return static_cast<int32_t>(next());
  return range(1 << 30, INT32_MAX);
}

int32_t Rng::shift() {
  if (chance(10)) return range(-31, 31);
  return range(-12, 2);
}

cortex_m::Activation Rng::activation() {
  if (chance(40)) return cortex_m::Activation{-128, 127};
  const int32_t a = range(-128, 127);
  const int32_t b = range(-128, 127);
  return a <= b ? cortex_m::Activation{a, b} : cortex_m::Activation{b, a};
}

void random_quant(Rng& rng, int32_t channels) {
  Buffers& b = buffers();
  const bool per_tensor = rng.chance(30);
  for (int32_t c = 0; c < channels; ++c) {
    b.bias[c] = rng.chance(10) ? static_cast<int32_t>(rng.next()) : rng.range(-40000, 40000);
    b.multiplier[c] = per_tensor && c > 0 ? b.multiplier[0] : rng.multiplier();
    b.shift[c] = per_tensor && c > 0 ? b.shift[0] : rng.shift();
  }
  // INT32_MIN (which VQRDMULH cannot take: the Helium kernels hand it to the
  // reference or redo the product it saturates) in a few cases only, so that
  // most cases run the plain vector arithmetic.
  if (rng.chance(3)) b.multiplier[rng.range(0, channels - 1)] = INT32_MIN;
}

bool check_equal(Tally& tally, uint32_t case_index, const int8_t* expected, const int8_t* actual,
                 size_t count) {
  ++tally.cases;
  tally.bytes += count;
  for (size_t i = 0; i < count; ++i) {
    if (expected[i] != actual[i]) {
      ++tally.failed;
      platform::printf("MISMATCH %s case %lu: byte %lu of %lu: reference %d, mve %d\n", tally.suite,
                       static_cast<unsigned long>(case_index), static_cast<unsigned long>(i),
                       static_cast<unsigned long>(count), expected[i], actual[i]);
      return false;
    }
  }
  return true;
}

}  // namespace kernel_tests
}  // namespace wick
