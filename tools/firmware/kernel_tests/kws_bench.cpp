// Per-layer instruction counts of the Helium kernels on the shapes of
// ExecuTorch's int8 KeywordSpotting program (docs/anchors.md §9): the
// first-layer depthwise 10x4 (1 -> 64 channels), a depthwise 3x3, the
// all-zero pad (a copy, channels-last tensor padded in NCHW dims) and the
// 24x5 average pool, beside the reference kernels and the CMSIS-NN M55
// Helium figures. Seeded random data with the program's offsets and
// quantisation ranges; each Helium output must equal the reference byte for
// byte (exit 1 otherwise). Run under QEMU mps3-an547 with -icount shift=5
// (python/wick/sim/qemu.py).
#include <string.h>

#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/depthwise_conv2d_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/pad_s8.h"
#include "kernels/cortex_m/pool2d_s8.h"
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace {

using namespace wick::cortex_m;
using wick::kernel_tests::Rng;
using wick::platform::printf;

constexpr int32_t kChannels = 64;
constexpr int32_t kOutH = 25;
constexpr int32_t kOutW = 5;
constexpr int32_t kActivationBytes = kOutH * kOutW * kChannels;

alignas(16) int8_t g_input[49 * 10] WICK_PLACE_ARENA;
alignas(16) int8_t g_act_a[kActivationBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_act_b[kActivationBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_mve_out[kActivationBytes] WICK_PLACE_ARENA;
alignas(16) int8_t g_weights[10 * 4 * kChannels] WICK_PLACE_ARENA;
alignas(16) uint8_t g_scratch[1024] WICK_PLACE_ARENA;
alignas(16) int32_t g_bias[kChannels];
alignas(16) int32_t g_multiplier[kChannels];
alignas(16) int32_t g_shift[kChannels];

// The program's per-channel quantisation: multipliers in [2^30, 2^31),
// shifts -5..-10, biases of a few thousand.
void channel_quant(Rng& rng) {
  for (int32_t c = 0; c < kChannels; ++c) {
    g_bias[c] = rng.range(-8000, 8000);
    g_multiplier[c] = rng.range(1 << 30, INT32_MAX);
    g_shift[c] = rng.range(-10, -5);
  }
}

struct Row {
  const char* layer;
  uint64_t reference;
  uint64_t mve;
  uint32_t cmsis_nn;
  bool equal;
};

Row g_rows[4];
int g_row_count = 0;

template <typename Reference, typename Helium>
void measure(const char* layer, uint32_t cmsis_nn, const int8_t* expected_out, size_t out_bytes,
             Reference reference, Helium helium) {
  memset(g_mve_out, 0x2A, sizeof(g_mve_out));
  uint64_t t0 = wick::platform::instructions();
  reference();
  const uint64_t ref_count = wick::platform::instructions_since(t0);
  t0 = wick::platform::instructions();
  helium();
  const uint64_t mve_count = wick::platform::instructions_since(t0);
  g_rows[g_row_count++] =
      Row{layer, ref_count, mve_count, cmsis_nn, memcmp(expected_out, g_mve_out, out_bytes) == 0};
}

void depthwise_layer(Rng& rng, const char* name, uint32_t cmsis_nn, const Dims4& in_dims,
                     const Dims4& f_dims, const DepthwiseConvParams& p, const int8_t* in,
                     int8_t* out) {
  rng.fill(g_weights, static_cast<size_t>(f_dims.h * f_dims.w * f_dims.c));
  channel_quant(rng);
  const PerChannelQuant quant{g_multiplier, g_shift};
  const Dims4 out_dims{1, kOutH, kOutW, kChannels};
  if (mve::depthwise_conv2d_s8_scratch_bytes(out_dims) > sizeof(g_scratch)) {
    printf("%s: scratch exceeds the bench's buffer\n", name);
    return;
  }
  measure(
      name, cmsis_nn, out, kActivationBytes,
      [&] { depthwise_conv2d_s8(p, quant, in_dims, in, f_dims, g_weights, g_bias, out_dims, out); },
      [&] {
        mve::depthwise_conv2d_s8(p, quant, in_dims, in, f_dims, g_weights, g_bias, out_dims,
                                 g_mve_out, g_scratch);
      });
}

DepthwiseConvParams depthwise_params(HeightWidth stride, HeightWidth padding, int32_t multiplier,
                                     int32_t input_offset) {
  DepthwiseConvParams p{};
  p.stride = stride;
  p.padding = padding;
  p.dilation = HeightWidth{1, 1};
  p.depth_multiplier = multiplier;
  p.input_offset = input_offset;
  p.output_offset = -128;
  p.activation = Activation{-128, 127};
  return p;
}

// The program's pad: a [1, 64, 25, 5] tensor stored channels-last, padded by
// 0 in every (NCHW) dim.
void pad_layer(const char* name, uint32_t cmsis_nn, const int8_t* in, int8_t* out) {
  StridedShape shape{};
  shape.rank = 4;
  const int32_t sizes[4] = {1, kChannels, kOutH, kOutW};
  const int32_t strides[4] = {kActivationBytes, 1, kOutW * kChannels, kChannels};
  for (int32_t d = 0; d < 4; ++d) {
    shape.sizes[d] = sizes[d];
    shape.strides[0][d] = strides[d];
    shape.strides[2][d] = strides[d];
  }
  measure(
      name, cmsis_nn, out, kActivationBytes,
      [&] { pad_s8(shape, in, out, 0, kActivationBytes, -128); },
      [&] { mve::pad_s8(shape, in, g_mve_out, 0, kActivationBytes, -128); });
}

void avg_pool_layer(const char* name, uint32_t cmsis_nn, const int8_t* in, int8_t* out) {
  PoolParams p{};
  p.kernel = HeightWidth{24, 5};
  p.stride = HeightWidth{24, 5};
  p.padding = HeightWidth{0, 0};
  p.dilation = HeightWidth{1, 1};
  p.activation = Activation{-128, 127};
  const Dims4 in_dims{1, kOutH, kOutW, kChannels};
  const Dims4 out_dims{1, 1, 1, kChannels};
  measure(
      name, cmsis_nn, out, kChannels, [&] { avg_pool2d_s8(p, in_dims, in, out_dims, out); },
      [&] { mve::avg_pool2d_s8(p, in_dims, in, out_dims, g_mve_out); });
}

}  // namespace

int main() {
  Rng rng(0x4B57u);
  rng.fill(g_input, sizeof(g_input));  // the 49x10 feature map, one channel
  // CMSIS-NN M55 Helium instruction counts from docs/anchors.md §9.
  depthwise_layer(rng, "dw10x4", 300047, Dims4{1, 49, 10, 1}, Dims4{1, 10, 4, kChannels},
                  depthwise_params(HeightWidth{2, 2}, HeightWidth{5, 1}, kChannels, -68), g_input,
                  g_act_a);
  depthwise_layer(rng, "dw3x3", 166877, Dims4{1, kOutH, kOutW, kChannels},
                  Dims4{1, 3, 3, kChannels},
                  depthwise_params(HeightWidth{1, 1}, HeightWidth{1, 1}, 1, 128), g_act_a, g_act_b);
  pad_layer("pad", 2330, g_act_b, g_act_a);
  avg_pool_layer("avgpool", 9021, g_act_a, g_act_b);

  bool all_equal = true;
  bool all_below = true;
  printf("%-8s %12s %12s %12s %7s %s\n", "layer", "reference", "mve", "cmsis-nn", "mve/nn",
         "bit-exact");
  for (int i = 0; i < g_row_count; ++i) {
    const Row& r = g_rows[i];
    printf("%-8s %12llu %12llu %12lu %6llu%% %s\n", r.layer,
           static_cast<unsigned long long>(r.reference), static_cast<unsigned long long>(r.mve),
           static_cast<unsigned long>(r.cmsis_nn),
           static_cast<unsigned long long>(r.mve * 100 / r.cmsis_nn), r.equal ? "yes" : "NO");
    all_equal = all_equal && r.equal;
    all_below = all_below && r.mve <= r.cmsis_nn;
  }
  printf("kws bench: outputs %s, every layer %s CMSIS-NN\n", all_equal ? "bit-exact" : "DIFFER",
         all_below ? "at or below" : "NOT below");
  return all_equal && g_row_count == 4 ? 0 : 1;
}
