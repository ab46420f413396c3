// int8 fully connected layer with CMSIS-NN arithmetic (arm_fully_connected_s8,
// arm_fully_connected_per_channel_s8).
#pragma once

#include <stdint.h>

#include "kernels/cortex_m/params.h"

namespace wick {
namespace cortex_m {

// input   [batches, in_features]
// weights [out_features, in_features]
// bias    [out_features] int32 or null
// output  [batches, out_features]
// acc = bias[o] + sum_k (input[k] + input_offset) * (weights[o][k] + filter_offset);
// out = clamp(requantize(acc, quant[o]) + output_offset, activation).
void fully_connected_s8(const FullyConnectedParams& params, const PerChannelQuant& quant,
                        int32_t batches, int32_t in_features, int32_t out_features,
                        const int8_t* input, const int8_t* weights, const int32_t* bias,
                        int8_t* output);

}  // namespace cortex_m
}  // namespace wick
