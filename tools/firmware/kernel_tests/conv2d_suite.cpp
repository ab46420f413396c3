// conv2d_s8: Helium vs reference on seeded random shapes and parameters,
// biased towards the Helium paths' edges (1x1, first-layer rows of <= 16
// bytes, channel counts off multiples of 16, padding, stride, dilation,
// groups, extreme offsets and shifts, narrow activation ranges).
#include <string.h>

#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace wick {
namespace kernel_tests {
namespace {

using cortex_m::ConvParams;
using cortex_m::Dims4;
using cortex_m::HeightWidth;

struct ConvCase {
  ConvParams p;
  Dims4 in;
  Dims4 f;
  Dims4 out;
  bool has_bias;
};

int64_t bytes_of(const Dims4& d) { return int64_t{d.n} * d.h * d.w * d.c; }

bool make_case(Rng& rng, ConvCase* c) {
  const int32_t shape = rng.range(0, 3);  // 0: 1x1, 1: first layer, 2-3: general
  const int32_t groups = shape >= 2 && rng.chance(20) ? rng.range(2, 4) : 1;
  const int32_t group_in = shape == 1 ? rng.range(1, 3) : rng.range(1, 40);
  const int32_t group_out = rng.range(1, 40 / groups + 1);
  c->in = Dims4{rng.range(1, 2), rng.range(1, 14), rng.range(1, 14), group_in * groups};
  const int32_t kernel_h = shape == 0 ? 1 : rng.range(1, shape == 1 ? 3 : 5);
  const int32_t kernel_w = shape == 0 ? 1 : rng.range(1, shape == 1 ? 3 : 5);
  c->f = Dims4{group_out * groups, kernel_h, kernel_w, group_in};
  c->p.stride = HeightWidth{rng.range(1, 3), rng.range(1, 3)};
  const int32_t max_pad = shape == 0 ? 0 : 2;
  c->p.padding = HeightWidth{rng.range(0, max_pad), rng.range(0, max_pad)};
  c->p.dilation =
      rng.chance(25) ? HeightWidth{rng.range(1, 3), rng.range(1, 3)} : HeightWidth{1, 1};
  // Mostly -zero_point; sometimes any of the binding's range (128 included).
  c->p.input_offset = rng.chance(5) ? rng.range(-127, 128) : -rng.zero_point();
  c->p.output_offset = rng.zero_point();
  c->p.activation = rng.activation();
  c->has_bias = rng.chance(85);
  c->out = Dims4{
      c->in.n,
      cortex_m::conv_output_size(c->in.h, c->f.h, c->p.stride.h, c->p.padding.h, c->p.dilation.h),
      cortex_m::conv_output_size(c->in.w, c->f.w, c->p.stride.w, c->p.padding.w, c->p.dilation.w),
      c->f.n};
  return c->out.h >= 1 && c->out.w >= 1 && bytes_of(c->in) <= int64_t{kBufferBytes} &&
         bytes_of(c->f) <= int64_t{kBufferBytes} && bytes_of(c->out) <= int64_t{kBufferBytes} &&
         cortex_m::mve::conv2d_s8_scratch_bytes(c->in, c->f, c->out) <= kBufferBytes;
}

void describe(const ConvCase& c) {
  platform::printf(
      "  conv2d in %ldx%ldx%ldx%ld filter %ldx%ldx%ldx%ld stride %ld,%ld pad %ld,%ld dil %ld,%ld "
      "in_off %ld out_off %ld act [%ld, %ld] bias %d\n",
      static_cast<long>(c.in.n), static_cast<long>(c.in.h), static_cast<long>(c.in.w),
      static_cast<long>(c.in.c), static_cast<long>(c.f.n), static_cast<long>(c.f.h),
      static_cast<long>(c.f.w), static_cast<long>(c.f.c), static_cast<long>(c.p.stride.h),
      static_cast<long>(c.p.stride.w), static_cast<long>(c.p.padding.h),
      static_cast<long>(c.p.padding.w), static_cast<long>(c.p.dilation.h),
      static_cast<long>(c.p.dilation.w), static_cast<long>(c.p.input_offset),
      static_cast<long>(c.p.output_offset), static_cast<long>(c.p.activation.min),
      static_cast<long>(c.p.activation.max), c.has_bias ? 1 : 0);
}

bool run_case(Tally& tally, uint32_t index, const ConvCase& c) {
  Buffers& b = buffers();
  const cortex_m::PerChannelQuant quant{b.multiplier, b.shift};
  const size_t out_bytes = static_cast<size_t>(bytes_of(c.out));
  memset(b.expected, 0x55, out_bytes);
  memset(b.actual, 0x2A, out_bytes);
  const int32_t* bias = c.has_bias ? b.bias : nullptr;
  cortex_m::conv2d_s8(c.p, quant, c.in, b.input, c.f, b.filter, bias, c.out, b.expected);
  cortex_m::mve::conv2d_s8(c.p, quant, c.in, b.input, c.f, b.filter, bias, c.out, b.actual,
                           b.scratch);
  if (check_equal(tally, index, b.expected, b.actual, out_bytes)) return true;
  describe(c);
  return false;
}

// Channel 1 of each case has multiplier INT32_MIN, zero weights and a bias
// whose (left-shifted) value is INT32_MIN, so every one of its outputs is
// the product VQRDMULH saturates where the reference wraps: with a right
// shift or an output offset of 0 the two differ unless the kernel redoes
// it. One case per row source (1x1 direct, first layer, im2col).
void run_min_multiplier_cases(Rng& rng, Tally& tally, uint32_t first_index) {
  Buffers& b = buffers();
  const Dims4 inputs[3] = {{1, 4, 5, 8}, {1, 6, 5, 2}, {1, 5, 6, 20}};
  const Dims4 filters[3] = {{5, 1, 1, 8}, {5, 3, 3, 2}, {5, 3, 3, 20}};
  const int32_t shifts[3] = {0, -5, 1};
  const int32_t output_offsets[2] = {0, 7};
  uint32_t index = first_index;
  for (int32_t path = 0; path < 3; ++path) {
    for (int32_t shift : shifts) {
      for (int32_t output_offset : output_offsets) {
        ConvCase c{};
        c.in = inputs[path];
        c.f = filters[path];
        c.p.stride = HeightWidth{1, 1};
        c.p.padding = path == 0 ? HeightWidth{0, 0} : HeightWidth{1, 1};
        c.p.dilation = HeightWidth{1, 1};
        c.p.input_offset = -rng.zero_point();
        c.p.output_offset = output_offset;
        c.p.activation = cortex_m::Activation{-128, 127};
        c.has_bias = true;
        c.out = Dims4{c.in.n, c.in.h, c.in.w, c.f.n};
        rng.fill(b.input, static_cast<size_t>(bytes_of(c.in)));
        rng.fill(b.filter, static_cast<size_t>(bytes_of(c.f)));
        random_quant(rng, c.out.c);
        const int32_t depth = c.f.h * c.f.w * c.f.c;
        memset(b.filter + depth, 0, static_cast<size_t>(depth));
        b.multiplier[1] = INT32_MIN;
        b.shift[1] = shift;
        b.bias[1] = shift > 0 ? -(INT32_C(1) << (31 - shift)) : INT32_MIN;
        run_case(tally, index++, c);
      }
    }
  }
}

}  // namespace

Tally run_conv2d_suite(uint32_t seed, uint32_t cases) {
  Tally tally{"conv2d_s8"};
  Rng rng(seed);
  Buffers& b = buffers();
  for (uint32_t i = 0; i < cases;) {
    ConvCase c{};
    if (!make_case(rng, &c)) continue;
    rng.fill(b.input, static_cast<size_t>(bytes_of(c.in)));
    rng.fill(b.filter, static_cast<size_t>(bytes_of(c.f)));
    random_quant(rng, c.out.c);
    run_case(tally, i, c);
    ++i;
  }
  run_min_multiplier_cases(rng, tally, cases);
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
