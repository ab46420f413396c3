// fully_connected_s8: Helium vs reference on seeded random shapes (feature
// counts off multiples of 4 and 16, batches) and offsets, including a
// non-zero filter offset and the kernel_sum form (input offset 0), plus
// fixed cases where a multiplier of INT32_MIN meets a sum that is INT32_MIN
// after the left shift (the one product VQRDMULH saturates).
#include <string.h>

#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {
namespace {

// Zero input and offsets, so each sum is its bias: features whose bias,
// shifted left, is INT32_MIN, next to ordinary ones, for both batches.
bool int32_min_products_match(Tally& tally, uint32_t case_index) {
  constexpr int32_t kIn = 20;
  constexpr int32_t kOut = 7;
  constexpr int32_t kBias[kOut] = {INT32_MIN, -(1 << 30), INT32_MIN, 5,
                                   INT32_MAX, -(1 << 29), INT32_MIN};
  constexpr int32_t kShift[kOut] = {0, 1, -3, 0, 2, 2, -31};
  Buffers& b = buffers();
  memset(b.input, 0, 2 * kIn);
  memset(b.filter, 3, kIn * kOut);
  for (int32_t o = 0; o < kOut; ++o) {
    b.bias[o] = kBias[o];
    b.multiplier[o] = o == 3 ? (1 << 30) : INT32_MIN;
    b.shift[o] = kShift[o];
  }
  cortex_m::FullyConnectedParams p{};
  p.output_offset = 3;
  p.activation = cortex_m::Activation{-128, 127};
  const cortex_m::PerChannelQuant quant{b.multiplier, b.shift};
  memset(b.expected, 0x55, 2 * kOut);
  memset(b.actual, 0x2A, 2 * kOut);
  cortex_m::fully_connected_s8(p, quant, 2, kIn, kOut, b.input, b.filter, b.bias, b.expected);
  cortex_m::mve::fully_connected_s8(p, quant, 2, kIn, kOut, b.input, b.filter, b.bias, b.actual);
  return check_equal(tally, case_index, b.expected, b.actual, 2 * kOut);
}

}  // namespace

Tally run_fully_connected_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"fully_connected_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases;) {
    const int32_t batches = rng.range(1, 3);
    const int32_t in_features = rng.chance(20) ? rng.range(1, 8) : rng.range(1, 700);
    const int32_t out_features = rng.range(1, 70);
    if (batches * in_features > int32_t{kBufferBytes} ||
        in_features * out_features > int32_t{kBufferBytes}) {
      continue;
    }
    cortex_m::FullyConnectedParams p{};
    p.input_offset =
        rng.chance(20) ? 0 : (rng.chance(5) ? rng.range(-255, 255) : -rng.zero_point());
    p.filter_offset = rng.chance(75) ? 0 : rng.range(-255, 255);
    p.output_offset = rng.zero_point();
    p.activation = rng.activation();
    rng.fill(b.input, static_cast<size_t>(batches * in_features));
    rng.fill(b.filter, static_cast<size_t>(in_features * out_features));
    random_quant(rng, out_features);
    const cortex_m::PerChannelQuant quant{b.multiplier, b.shift};
    const int32_t* bias = rng.chance(85) ? b.bias : nullptr;
    const size_t out_bytes = static_cast<size_t>(batches * out_features);
    memset(b.expected, 0x55, out_bytes);
    memset(b.actual, 0x2A, out_bytes);
    cortex_m::fully_connected_s8(p, quant, batches, in_features, out_features, b.input, b.filter,
                                 bias, b.expected);
    cortex_m::mve::fully_connected_s8(p, quant, batches, in_features, out_features, b.input,
                                      b.filter, bias, b.actual);
    if (!check_equal(tally, i, b.expected, b.actual, out_bytes)) {
      platform::printf("  fc batches %ld in %ld out %ld offsets %ld %ld %ld\n",
                       static_cast<long>(batches), static_cast<long>(in_features),
                       static_cast<long>(out_features), static_cast<long>(p.input_offset),
                       static_cast<long>(p.filter_offset), static_cast<long>(p.output_offset));
    }
    ++i;
  }
  if (!int32_min_products_match(tally, cases)) platform::printf("  fc INT32_MIN products\n");
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
