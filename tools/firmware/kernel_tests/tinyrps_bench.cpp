// Per-layer instruction counts of the TinyRPS int8 layers (docs/anchors.md
// §1-2, the CMSIS-NN anchor's shapes and data conventions) for the reference
// kernels and the Helium kernels, beside the CMSIS-NN M55 MVE figures. Each
// layer's input is the previous layer's reference output; the Helium output
// must equal the reference byte for byte (exit 1 otherwise). Run under QEMU
// mps3-an547 with -icount shift=5 (python/wick/sim/qemu.py).
#include <string.h>

#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/pool2d_s8.h"
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace {

using namespace wick::cortex_m;
using wick::kernel_tests::Rng;
using wick::platform::printf;

constexpr int32_t kZeroPoint = -128;

alignas(16) int8_t g_act_a[28 * 28 * 32] WICK_PLACE_ARENA;
alignas(16) int8_t g_act_b[28 * 28 * 32] WICK_PLACE_ARENA;
alignas(16) int8_t g_mve_out[28 * 28 * 32] WICK_PLACE_ARENA;
alignas(16) int8_t g_weights[3136 * 128] WICK_PLACE_ARENA;
alignas(16) uint8_t g_scratch[8 * 1024] WICK_PLACE_ARENA;
alignas(16) int32_t g_bias[128];
alignas(16) int32_t g_folded_bias[128];
alignas(16) int32_t g_multiplier[128];
alignas(16) int32_t g_shift[128];

// Symmetric int8 weights with a triangular distribution (sum of two uniforms).
void triangular_weights(Rng& rng, int8_t* w, int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    w[i] = static_cast<int8_t>(rng.range(-64, 63) + rng.range(-63, 64));
  }
}

void conv_quant(Rng& rng, int32_t channels) {
  for (int32_t c = 0; c < channels; ++c) {
    g_bias[c] = rng.range(-20000, 20000);
    g_multiplier[c] = rng.range(1 << 30, INT32_MAX);
    g_shift[c] = rng.range(-10, -9);
  }
}

void per_tensor_quant(Rng& rng, int32_t channels) {
  const int32_t multiplier = rng.range(1 << 30, INT32_MAX);
  for (int32_t c = 0; c < channels; ++c) {
    g_bias[c] = rng.range(-20000, 20000);
    g_multiplier[c] = multiplier;
    g_shift[c] = -9;
  }
}

struct Row {
  const char* layer;
  uint64_t reference;
  uint64_t mve;
  uint32_t cmsis_nn;
  bool equal;
};

Row g_rows[8];
int g_row_count = 0;

template <typename Reference, typename Helium>
void measure(const char* layer, uint32_t cmsis_nn, const int8_t* expected_out, int8_t* mve_out,
             size_t out_bytes, Reference reference, Helium helium) {
  uint64_t t0 = wick::platform::instructions();
  reference();
  const uint64_t ref_count = wick::platform::instructions_since(t0);
  t0 = wick::platform::instructions();
  helium();
  const uint64_t mve_count = wick::platform::instructions_since(t0);
  g_rows[g_row_count++] =
      Row{layer, ref_count, mve_count, cmsis_nn, memcmp(expected_out, mve_out, out_bytes) == 0};
}

void conv_layer(Rng& rng, const char* name, uint32_t cmsis_nn, int32_t size, int32_t c_in,
                int32_t c_out, const int8_t* in, int8_t* out) {
  const Dims4 in_dims{1, size, size, c_in};
  const Dims4 f_dims{c_out, 3, 3, c_in};
  const Dims4 out_dims{1, size, size, c_out};
  ConvParams p{};
  p.stride = HeightWidth{1, 1};
  p.padding = HeightWidth{1, 1};
  p.dilation = HeightWidth{1, 1};
  p.input_offset = -kZeroPoint;
  p.output_offset = kZeroPoint;
  p.activation = Activation{kZeroPoint, 127};  // fused ReLU
  triangular_weights(rng, g_weights, c_out * 9 * c_in);
  conv_quant(rng, c_out);
  const PerChannelQuant quant{g_multiplier, g_shift};
  const size_t scratch = mve::conv2d_s8_scratch_bytes(in_dims, f_dims, out_dims);
  if (scratch > sizeof(g_scratch)) {
    printf("%s: scratch %lu bytes exceeds the bench's buffer\n", name,
           static_cast<unsigned long>(scratch));
    return;
  }
  measure(
      name, cmsis_nn, out, g_mve_out, static_cast<size_t>(size * size * c_out),
      [&] { conv2d_s8(p, quant, in_dims, in, f_dims, g_weights, g_bias, out_dims, out); },
      [&] {
        mve::conv2d_s8(p, quant, in_dims, in, f_dims, g_weights, g_bias, out_dims, g_mve_out,
                       g_scratch);
      });
}

void pool_layer(const char* name, uint32_t cmsis_nn, int32_t size, int32_t c, const int8_t* in,
                int8_t* out) {
  PoolParams p{};
  p.kernel = HeightWidth{2, 2};
  p.stride = HeightWidth{2, 2};
  p.padding = HeightWidth{0, 0};
  p.dilation = HeightWidth{1, 1};
  p.activation = Activation{-128, 127};
  const Dims4 in_dims{1, size, size, c};
  const Dims4 out_dims{1, size / 2, size / 2, c};
  measure(
      name, cmsis_nn, out, g_mve_out, static_cast<size_t>(size / 2 * size / 2 * c),
      [&] { max_pool2d_s8(p, in_dims, in, out_dims, out); },
      [&] { mve::max_pool2d_s8(p, in_dims, in, out_dims, g_mve_out); });
}

// The Helium call gets the layer as Wick's exporter emits it: the input
// offset folded into the bias (bias + input_offset * sum w, computed ahead of
// time like CMSIS-NN's kernel sums) and an input offset of 0. The reference
// runs the unfolded layer; the outputs must still match.
void fc_layer(Rng& rng, const char* name, uint32_t cmsis_nn, int32_t in_features,
              int32_t out_features, int32_t output_zero_point, const int8_t* in, int8_t* out) {
  FullyConnectedParams p{};
  p.input_offset = -kZeroPoint;
  p.filter_offset = 0;
  p.output_offset = output_zero_point;
  p.activation = Activation{kZeroPoint, 127};
  triangular_weights(rng, g_weights, in_features * out_features);
  per_tensor_quant(rng, out_features);
  const PerChannelQuant quant{g_multiplier, g_shift};
  FullyConnectedParams folded = p;
  folded.input_offset = 0;
  for (int32_t o = 0; o < out_features; ++o) {
    int32_t weight_sum = 0;
    for (int32_t k = 0; k < in_features; ++k) weight_sum += g_weights[o * in_features + k];
    g_folded_bias[o] = g_bias[o] + p.input_offset * weight_sum;
  }
  measure(
      name, cmsis_nn, out, g_mve_out, static_cast<size_t>(out_features),
      [&] {
        fully_connected_s8(p, quant, 1, in_features, out_features, in, g_weights, g_bias, out);
      },
      [&] {
        mve::fully_connected_s8(folded, quant, 1, in_features, out_features, in, g_weights,
                                g_folded_bias, g_mve_out);
      });
}

}  // namespace

int main() {
  Rng rng(0x5EEDu);
  rng.fill(g_act_a, 28 * 28);  // the 28x28x1 input image
  // CMSIS-NN M55 MVE instruction counts from docs/anchors.md §4.
  conv_layer(rng, "conv1", 424471, 28, 1, 16, g_act_a, g_act_b);
  conv_layer(rng, "conv2", 1186520, 28, 16, 32, g_act_b, g_act_a);
  pool_layer("pool1", 48296, 28, 32, g_act_a, g_act_b);
  conv_layer(rng, "conv3", 855321, 14, 32, 64, g_act_b, g_act_a);
  pool_layer("pool2", 19252, 14, 64, g_act_a, g_act_b);
  fc_layer(rng, "fc1", 189921, 3136, 128, kZeroPoint, g_act_b, g_act_a);
  fc_layer(rng, "fc2", 573, 128, 3, 0, g_act_a, g_act_b);

  uint64_t total_ref = 0;
  uint64_t total_mve = 0;
  uint64_t total_cmsis = 0;
  bool all_equal = true;
  bool all_below = true;
  printf("%-6s %12s %12s %12s %7s %s\n", "layer", "reference", "mve", "cmsis-nn", "mve/nn",
         "bit-exact");
  for (int i = 0; i < g_row_count; ++i) {
    const Row& r = g_rows[i];
    printf("%-6s %12llu %12llu %12lu %6llu%% %s\n", r.layer,
           static_cast<unsigned long long>(r.reference), static_cast<unsigned long long>(r.mve),
           static_cast<unsigned long>(r.cmsis_nn),
           static_cast<unsigned long long>(r.mve * 100 / r.cmsis_nn), r.equal ? "yes" : "NO");
    total_ref += r.reference;
    total_mve += r.mve;
    total_cmsis += r.cmsis_nn;
    all_equal = all_equal && r.equal;
    all_below = all_below && r.mve <= r.cmsis_nn;
  }
  printf("%-6s %12llu %12llu %12llu %6llu%%\n", "total", static_cast<unsigned long long>(total_ref),
         static_cast<unsigned long long>(total_mve), static_cast<unsigned long long>(total_cmsis),
         static_cast<unsigned long long>(total_mve * 100 / total_cmsis));
  printf("tinyrps bench: outputs %s, every layer %s CMSIS-NN\n", all_equal ? "bit-exact" : "DIFFER",
         all_below ? "at or below" : "NOT below");
  return all_equal && g_row_count == 7 ? 0 : 1;
}
