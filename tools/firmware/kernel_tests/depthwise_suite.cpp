// depthwise_conv2d_s8: Helium vs reference on seeded random shapes (channel
// counts off multiples of 4 and 16, and multiples of 16 up to 112; depth
// multipliers 1-5; the first-layer form of one input channel with a large
// multiplier and windows of up to 12x8 taps, i.e. below, inside and past the
// 8..48 taps of its Helium path), padding, strides, dilation.
#include <string.h>

#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/depthwise_conv2d_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {

Tally run_depthwise_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"depthwise_conv2d_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  using cortex_m::Dims4;
  using cortex_m::HeightWidth;
  for (uint32_t i = 0; i < cases;) {
    cortex_m::DepthwiseConvParams p{};
    const bool first_layer = rng.chance(30);
    p.depth_multiplier = first_layer ? rng.range(8, 64) : (rng.chance(70) ? 1 : rng.range(2, 5));
    const Dims4 in{rng.range(1, 2), rng.range(1, first_layer ? 30 : 14), rng.range(1, 14),
                   first_layer ? 1 : (rng.chance(25) ? 16 * rng.range(1, 7) : rng.range(1, 70))};
    const bool tall = first_layer && rng.chance(50);
    const Dims4 f{1, tall ? rng.range(6, 12) : rng.range(1, 5),
                  tall ? rng.range(4, 8) : rng.range(1, 5), in.c * p.depth_multiplier};
    p.stride = HeightWidth{rng.range(1, 3), rng.range(1, 3)};
    p.padding = HeightWidth{rng.range(0, 2), rng.range(0, 2)};
    p.dilation = rng.chance(25) ? HeightWidth{rng.range(1, 3), rng.range(1, 3)} : HeightWidth{1, 1};
    p.input_offset = rng.chance(5) ? rng.range(-127, 128) : -rng.zero_point();
    p.output_offset = rng.zero_point();
    p.activation = rng.activation();
    const Dims4 out{
        in.n, cortex_m::conv_output_size(in.h, f.h, p.stride.h, p.padding.h, p.dilation.h),
        cortex_m::conv_output_size(in.w, f.w, p.stride.w, p.padding.w, p.dilation.w), f.c};
    const int64_t in_bytes = int64_t{in.n} * in.h * in.w * in.c;
    const int64_t f_bytes = int64_t{f.h} * f.w * f.c;
    const int64_t out_bytes = int64_t{out.n} * out.h * out.w * out.c;
    if (out.h < 1 || out.w < 1 || f.c > int32_t{kMaxChannels} || in_bytes > int64_t{kBufferBytes} ||
        f_bytes > int64_t{kBufferBytes} || out_bytes > int64_t{kBufferBytes}) {
      continue;
    }
    rng.fill(b.input, static_cast<size_t>(in_bytes));
    rng.fill(b.filter, static_cast<size_t>(f_bytes));
    random_quant(rng, f.c);
    const cortex_m::PerChannelQuant quant{b.multiplier, b.shift};
    const int32_t* bias = rng.chance(85) ? b.bias : nullptr;
    memset(b.expected, 0x55, static_cast<size_t>(out_bytes));
    memset(b.actual, 0x2A, static_cast<size_t>(out_bytes));
    cortex_m::depthwise_conv2d_s8(p, quant, in, b.input, f, b.filter, bias, out, b.expected);
    cortex_m::mve::depthwise_conv2d_s8(p, quant, in, b.input, f, b.filter, bias, out, b.actual,
                                       b.scratch);
    if (!check_equal(tally, i, b.expected, b.actual, static_cast<size_t>(out_bytes))) {
      platform::printf("  depthwise in %ldx%ldx%ldx%ld kernel %ldx%ld mult %ld\n",
                       static_cast<long>(in.n), static_cast<long>(in.h), static_cast<long>(in.w),
                       static_cast<long>(in.c), static_cast<long>(f.h), static_cast<long>(f.w),
                       static_cast<long>(p.depth_multiplier));
    }
    ++i;
  }
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
