// Helium depthwise_conv2d_s8: same results as kernels/cortex_m/depthwise_conv2d_s8.cpp.
//
// Picks a path by shape: depth multiplier 1 and one input channel have
// their own (depthwise_paths.h); what is left (any multiplier) runs here.
// Output channels are the vector lanes, four int32 accumulators per
// vector: for each tap inside the input, acc += (x + input_offset) * w, with
// x a widening byte gather of input channel oc / depth_multiplier (offsets
// precomputed in scratch) and w the filter's four channels of that tap
// (VMUL + VADD: MVE has no vector-by-vector VMLA). The clipped window is
// computed once per pixel, so padding costs no per-tap test. A multiplier of
// INT32_MIN runs the reference.
#include "kernels/cortex_m/depthwise_conv2d_s8.h"

#include <arm_mve.h>

#include "kernels/cortex_m/mve/depthwise_paths.h"
#include "kernels/cortex_m/mve/depthwise_window.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/requantize_mve.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

bool offset_fits_int16_lanes(int32_t input_offset) {
  return input_offset >= -kPairsMaxInputOffset && input_offset <= kPairsMaxInputOffset;
}

}  // namespace

size_t depthwise_conv2d_s8_scratch_bytes(const Dims4& output_dims) {
  // One word per output channel, rounded up to whole vectors: the gather
  // offsets of the general path, the int32 sums of the other two.
  return sizeof(uint32_t) * static_cast<size_t>((output_dims.c + 3) & ~3);
}

void depthwise_conv2d_s8(const DepthwiseConvParams& p, const PerChannelQuant& quant,
                         const Dims4& in_dims, const int8_t* input, const Dims4& f_dims,
                         const int8_t* filter, const int32_t* bias, const Dims4& out_dims,
                         int8_t* output, void* scratch) {
  if (!multipliers_fit_vqrdmulh(quant.multiplier, out_dims.c)) {
    cortex_m::depthwise_conv2d_s8(p, quant, in_dims, input, f_dims, filter, bias, out_dims, output);
    return;
  }
  if (p.depth_multiplier == 1 && out_dims.c >= kPairsMinChannels &&
      offset_fits_int16_lanes(p.input_offset)) {
    depthwise_s8_channel_pairs(p, quant, in_dims, input, f_dims, filter, bias, out_dims, output,
                               scratch);
    return;
  }
  const int32_t taps = f_dims.h * f_dims.w;
  if (in_dims.c == 1 && taps >= kSingleMinTaps && taps <= kSingleMaxTaps &&
      f_dims.w <= kSingleMaxKernelW && out_dims.c >= 1 && out_dims.c <= kSingleMaxChannels &&
      p.dilation.w <= kSingleMaxDilationW && offset_fits_int16_lanes(p.input_offset)) {
    depthwise_s8_one_input_channel(p, quant, in_dims, input, f_dims, filter, bias, out_dims, output,
                                   scratch);
    return;
  }
  // Locals throughout: int8 stores may alias anything reached by reference.
  const int32_t channels = out_dims.c;
  const int32_t in_c = in_dims.c;
  const int32_t in_h = in_dims.h;
  const int32_t in_w = in_dims.w;
  const int32_t kernel_h = f_dims.h;
  const int32_t kernel_w = f_dims.w;
  const int32_t input_offset = p.input_offset;
  const int32_t output_offset = p.output_offset;
  const Activation act = p.activation;
  const HeightWidth stride = p.stride;
  const HeightWidth padding = p.padding;
  const HeightWidth dilation = p.dilation;
  const int32_t* const multipliers = quant.multiplier;
  const int32_t* const shifts = quant.shift;
  const int32_t tap_row_stride = dilation.h * in_w * in_c;
  const int32_t tap_stride = dilation.w * in_c;
  const int32_t filter_row_stride = kernel_w * channels;
  // Input channel of each output channel: the byte offset its lane gathers.
  uint32_t* const in_channel = static_cast<uint32_t*>(scratch);
  for (int32_t oc = 0; oc < channels; ++oc) {
    in_channel[oc] = static_cast<uint32_t>(oc / p.depth_multiplier);
  }
  int8_t* y = output;
  for (int32_t n = 0; n < out_dims.n; ++n) {
    const int8_t* image = input + static_cast<int64_t>(n) * in_h * in_w * in_c;
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      const int32_t iy0 = oy * stride.h - padding.h;
      const int32_t y0 = first_tap(iy0, dilation.h);
      const int32_t rows = end_tap(iy0, kernel_h, dilation.h, in_h) - y0;
      for (int32_t ox = 0; ox < out_dims.w; ++ox, y += channels) {
        const int32_t ix0 = ox * stride.w - padding.w;
        const int32_t x0 = first_tap(ix0, dilation.w);
        const int32_t cols = end_tap(ix0, kernel_w, dilation.w, in_w) - x0;
        const int8_t* window =
            image + ((iy0 + y0 * dilation.h) * in_w + ix0 + x0 * dilation.w) * in_c;
        const int8_t* window_taps = filter + (y0 * kernel_w + x0) * channels;
        for (int32_t oc = 0; oc < channels; oc += 4) {
          const mve_pred16_t lanes = vctp32q(static_cast<uint32_t>(channels - oc));
          const uint32x4_t offsets = vldrwq_u32(in_channel + oc);
          int32x4_t acc = bias != nullptr ? vldrwq_z_s32(bias + oc, lanes) : vdupq_n_s32(0);
          const int8_t* line = window;
          const int8_t* taps = window_taps + oc;
          for (int32_t ky = 0; ky < rows; ++ky, line += tap_row_stride, taps += filter_row_stride) {
            const int8_t* x = line;
            const int8_t* w = taps;
            for (int32_t kx = 0; kx < cols; ++kx, x += tap_stride, w += channels) {
              const int32x4_t xv = vldrbq_gather_offset_z_s32(x, offsets, lanes);
              acc =
                  vaddq_s32(acc, vmulq_s32(vaddq_n_s32(xv, input_offset), vldrbq_z_s32(w, lanes)));
            }
          }
          acc = requantize(acc, vldrwq_z_s32(multipliers + oc, lanes),
                           vldrwq_z_s32(shifts + oc, lanes));
          vstrbq_p_s32(y + oc, offset_and_clamp(acc, output_offset, act), lanes);
        }
      }
    }
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
