// max_pool2d_s8 / avg_pool2d_s8: Helium vs reference on seeded random
// windows (padding up to half the kernel, strides, dilation for max,
// ceil_mode-sized outputs whose last window hangs over the edge), and
// whole-image average pools of up to 30x12 taps (int16 sums up to 256 taps,
// int32 past that).
#include <string.h>

#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/pool2d_s8.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {

Tally run_pool_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"pool2d_s8 (max, avg)"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases;) {
    const bool max = (i % 2) == 0;
    cortex_m::PoolParams p{};
    p.kernel = cortex_m::HeightWidth{rng.range(1, 5), rng.range(1, 5)};
    p.stride = cortex_m::HeightWidth{rng.range(1, 3), rng.range(1, 3)};
    p.padding = cortex_m::HeightWidth{rng.range(0, p.kernel.h / 2), rng.range(0, p.kernel.w / 2)};
    p.dilation = max && rng.chance(25) ? cortex_m::HeightWidth{rng.range(1, 2), rng.range(1, 2)}
                                       : cortex_m::HeightWidth{1, 1};
    p.activation = max ? rng.activation() : cortex_m::Activation{-128, 127};
    const bool ceil_mode = rng.chance(30);
    const bool whole_image = !max && rng.chance(25);
    const cortex_m::Dims4 in{rng.range(1, 2), whole_image ? rng.range(8, 30) : rng.range(1, 16),
                             whole_image ? rng.range(8, 12) : rng.range(1, 16), rng.range(1, 70)};
    if (whole_image) {
      p.kernel = cortex_m::HeightWidth{in.h, in.w};
      p.stride = p.kernel;
      p.padding = cortex_m::HeightWidth{0, 0};
    }
    const cortex_m::Dims4 out{in.n,
                              cortex_m::pool_output_size(in.h, p.kernel.h, p.stride.h, p.padding.h,
                                                         p.dilation.h, ceil_mode),
                              cortex_m::pool_output_size(in.w, p.kernel.w, p.stride.w, p.padding.w,
                                                         p.dilation.w, ceil_mode),
                              in.c};
    const int64_t in_bytes = int64_t{in.n} * in.h * in.w * in.c;
    const int64_t out_bytes = int64_t{out.n} * out.h * out.w * out.c;
    if (out.h < 1 || out.w < 1 || in_bytes > int64_t{kBufferBytes} ||
        out_bytes > int64_t{kBufferBytes}) {
      continue;
    }
    rng.fill(b.input, static_cast<size_t>(in_bytes));
    memset(b.expected, 0x55, static_cast<size_t>(out_bytes));
    memset(b.actual, 0x2A, static_cast<size_t>(out_bytes));
    if (max) {
      cortex_m::max_pool2d_s8(p, in, b.input, out, b.expected);
      cortex_m::mve::max_pool2d_s8(p, in, b.input, out, b.actual);
    } else {
      cortex_m::avg_pool2d_s8(p, in, b.input, out, b.expected);
      cortex_m::mve::avg_pool2d_s8(p, in, b.input, out, b.actual);
    }
    if (!check_equal(tally, i, b.expected, b.actual, static_cast<size_t>(out_bytes))) {
      platform::printf("  %s pool in %ldx%ldx%ldx%ld kernel %ld,%ld stride %ld,%ld pad %ld,%ld\n",
                       max ? "max" : "avg", static_cast<long>(in.n), static_cast<long>(in.h),
                       static_cast<long>(in.w), static_cast<long>(in.c),
                       static_cast<long>(p.kernel.h), static_cast<long>(p.kernel.w),
                       static_cast<long>(p.stride.h), static_cast<long>(p.stride.w),
                       static_cast<long>(p.padding.h), static_cast<long>(p.padding.w));
    }
    ++i;
  }
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
