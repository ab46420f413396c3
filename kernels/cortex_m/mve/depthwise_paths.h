// The Helium depthwise_conv2d_s8 paths behind mve::depthwise_conv2d_s8
// (kernels.h), which picks one by shape. Each takes that function's
// arguments (minus scratch), states what it requires, and gives the
// reference's results bit for bit; none is called with a multiplier of
// INT32_MIN (see requantize_mve.h).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {
namespace mve {

// Depth multiplier 1, at least kPairsMinChannels channels and
// |input_offset| <= kPairsMaxInputOffset: sixteen channels per pass in int16
// lanes, even and odd channels accumulated by widening multiplies into int32
// vectors. scratch: one int32 per channel, rounded up to whole vectors.
constexpr int32_t kPairsMinChannels = 16;
constexpr int32_t kPairsMaxInputOffset = 32767 - 128;
void depthwise_s8_channel_pairs(const DepthwiseConvParams& p, const PerChannelQuant& quant,
                                const Dims4& input_dims, const int8_t* input,
                                const Dims4& filter_dims, const int8_t* filter, const int32_t* bias,
                                const Dims4& output_dims, int8_t* output, void* scratch);

// One input channel (the first layer of an audio/image network: each output
// channel filters the same window): windows of kSingleMinTaps to
// kSingleMaxTaps taps and at most kSingleMaxKernelW columns, 1 to
// kSingleMaxChannels output channels and dilation.w at most
// kSingleMaxDilationW (16-bit gather offsets: filter taps 0..15 of a channel,
// input columns 0..7 of a kernel row), same |input_offset| bound. The window
// is taps in int16 lanes; each output channel is a dot product of it with the
// channel's taps (VMLADAV). scratch: one int32 per output channel, rounded up
// to whole vectors (depthwise_conv2d_s8_scratch_bytes).
constexpr int32_t kSingleMinTaps = 8;
constexpr int32_t kSingleMaxTaps = 48;
constexpr int32_t kSingleMaxKernelW = 8;
constexpr int32_t kSingleMaxChannels = 65535 / 15;
constexpr int32_t kSingleMaxDilationW = 65535 / 7;
void depthwise_s8_one_input_channel(const DepthwiseConvParams& p, const PerChannelQuant& quant,
                                    const Dims4& input_dims, const int8_t* input,
                                    const Dims4& filter_dims, const int8_t* filter,
                                    const int32_t* bias, const Dims4& output_dims, int8_t* output,
                                    void* scratch);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
