// pad_s8 and softmax_s8: Helium vs reference on seeded random cases. Pad:
// rank 1-4, random pre/post padding, input and output in random dim orders
// (so rows are contiguous or strided). Softmax: row counts and lengths
// (including 1 and past 16), input scales and diff_min cut-offs.
#include <string.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/pad_s8.h"
#include "kernels/cortex_m/softmax_s8.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {
namespace {

// Strides of a dense tensor of `sizes` stored in a random dim order.
int64_t dense_strides(Rng& rng, int32_t rank, const int32_t* sizes, int32_t* strides) {
  int32_t order[cortex_m::kMaxStridedRank];
  for (int32_t d = 0; d < rank; ++d) order[d] = d;
  if (rng.chance(40)) {
    for (int32_t d = rank - 1; d > 0; --d) {
      const int32_t j = rng.range(0, d);
      const int32_t t = order[d];
      order[d] = order[j];
      order[j] = t;
    }
  }
  int64_t stride = 1;
  for (int32_t k = rank - 1; k >= 0; --k) {
    strides[order[k]] = static_cast<int32_t>(stride);
    stride *= sizes[order[k]];
  }
  return stride;
}

}  // namespace

Tally run_pad_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"pad_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases; ++i) {
    const int32_t rank = rng.range(1, 4);
    int32_t in_sizes[4];
    int32_t out_sizes[4];
    int32_t pre[4];
    cortex_m::StridedShape shape{};
    shape.rank = rank;
    for (int32_t d = 0; d < rank; ++d) {
      in_sizes[d] = rng.range(1, d == rank - 1 ? 40 : 6);
      pre[d] = rng.range(0, 3);
      out_sizes[d] = in_sizes[d] + pre[d] + rng.range(0, 3);
      shape.sizes[d] = in_sizes[d];
    }
    const int64_t in_count = dense_strides(rng, rank, in_sizes, shape.strides[0]);
    const int64_t out_count = dense_strides(rng, rank, out_sizes, shape.strides[2]);
    int64_t window = 0;
    for (int32_t d = 0; d < rank; ++d) window += int64_t{pre[d]} * shape.strides[2][d];
    const int8_t pad_value = static_cast<int8_t>(rng.next());
    rng.fill(b.input, static_cast<size_t>(in_count));
    memset(b.expected, 0x55, static_cast<size_t>(out_count));
    memset(b.actual, 0x2A, static_cast<size_t>(out_count));
    cortex_m::pad_s8(shape, b.input, b.expected, window, out_count, pad_value);
    cortex_m::mve::pad_s8(shape, b.input, b.actual, window, out_count, pad_value);
    if (!check_equal(tally, i, b.expected, b.actual, static_cast<size_t>(out_count))) {
      platform::printf("  pad rank %ld\n", static_cast<long>(rank));
    }
  }
  return tally;
}

Tally run_softmax_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"softmax_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases; ++i) {
    const int32_t rows = rng.range(1, 8);
    const int32_t row_size = rng.chance(10) ? 1 : rng.range(1, rng.chance(20) ? 600 : 40);
    cortex_m::SoftmaxParams p{};
    p.input_multiplier = rng.range(1 << 30, INT32_MAX);
    p.input_shift = rng.range(0, 30);
    p.diff_min = rng.chance(30) ? INT32_MIN + 1 : -rng.range(0, 300);
    const size_t count = static_cast<size_t>(rows * row_size);
    rng.fill(b.input, count);
    memset(b.expected, 0x55, count);
    memset(b.actual, 0x2A, count);
    cortex_m::softmax_s8(p, b.input, rows, row_size, b.expected);
    cortex_m::mve::softmax_s8(p, b.input, rows, row_size, b.actual);
    if (!check_equal(tally, i, b.expected, b.actual, count)) {
      platform::printf("  softmax rows %ld size %ld shift %ld diff_min %ld\n",
                       static_cast<long>(rows), static_cast<long>(row_size),
                       static_cast<long>(p.input_shift), static_cast<long>(p.diff_min));
    }
  }
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
