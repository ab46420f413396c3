// add_s8 / mul_s8: Helium vs reference over seeded random broadcast walks
// (rank 1-4, broadcast and missing dims, operands stored in permuted dim
// orders so that rows have non-unit strides) and requantization parameters.
#include <string.h>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/mul_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {
namespace {

// Element strides of an operand of `sizes` (rank dims) stored in a random
// dim order; size-1 dims broadcast (stride 0). Returns the element count.
int64_t operand_strides(Rng& rng, int32_t rank, const int32_t* sizes, int32_t* strides) {
  int32_t order[cortex_m::kMaxStridedRank];
  for (int32_t d = 0; d < rank; ++d) order[d] = d;
  if (rng.chance(30)) {
    for (int32_t d = rank - 1; d > 0; --d) {
      const int32_t j = rng.range(0, d);
      const int32_t t = order[d];
      order[d] = order[j];
      order[j] = t;
    }
  }
  int64_t stride = 1;
  for (int32_t k = rank - 1; k >= 0; --k) {
    const int32_t d = order[k];
    strides[d] = sizes[d] == 1 ? 0 : static_cast<int32_t>(stride);
    stride *= sizes[d];
  }
  return stride;
}

cortex_m::Requant random_requant(Rng& rng) {
  return cortex_m::Requant{rng.chance(3) ? INT32_MIN : rng.multiplier(), rng.shift()};
}

}  // namespace

Tally run_elementwise_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"add_s8, mul_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases; ++i) {
    const bool add = (i % 2) == 0;
    cortex_m::StridedShape shape{};
    shape.rank = rng.range(1, 4);
    int32_t a_sizes[cortex_m::kMaxStridedRank];
    int32_t b_sizes[cortex_m::kMaxStridedRank];
    for (int32_t d = 0; d < shape.rank; ++d) {
      shape.sizes[d] = rng.range(1, d == shape.rank - 1 ? 37 : 7);
      a_sizes[d] = rng.chance(20) ? 1 : shape.sizes[d];
      b_sizes[d] = rng.chance(20) ? 1 : shape.sizes[d];
    }
    const int64_t a_count = operand_strides(rng, shape.rank, a_sizes, shape.strides[0]);
    const int64_t b_count = operand_strides(rng, shape.rank, b_sizes, shape.strides[1]);
    const int64_t out_count = operand_strides(rng, shape.rank, shape.sizes, shape.strides[2]);
    rng.fill(b.input, static_cast<size_t>(a_count));
    rng.fill(b.input2, static_cast<size_t>(b_count));
    memset(b.expected, 0x55, static_cast<size_t>(out_count));
    memset(b.actual, 0x2A, static_cast<size_t>(out_count));
    if (add) {
      cortex_m::AddParams p{};
      p.a_offset = -rng.zero_point();
      p.b_offset = -rng.zero_point();
      p.left_shift = 20;
      p.a_requant = random_requant(rng);
      p.b_requant = random_requant(rng);
      p.output_requant = random_requant(rng);
      p.output_offset = rng.zero_point();
      p.activation = rng.activation();
      cortex_m::add_s8(p, shape, b.input, b.input2, b.expected);
      cortex_m::mve::add_s8(p, shape, b.input, b.input2, b.actual);
    } else {
      cortex_m::MulParams p{};
      p.a_offset = -rng.zero_point();
      p.b_offset = -rng.zero_point();
      p.output_requant = random_requant(rng);
      p.output_offset = rng.zero_point();
      p.activation = rng.activation();
      cortex_m::mul_s8(p, shape, b.input, b.input2, b.expected);
      cortex_m::mve::mul_s8(p, shape, b.input, b.input2, b.actual);
    }
    if (!check_equal(tally, i, b.expected, b.actual, static_cast<size_t>(out_count))) {
      platform::printf("  %s rank %ld\n", add ? "add" : "mul", static_cast<long>(shape.rank));
    }
  }
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
