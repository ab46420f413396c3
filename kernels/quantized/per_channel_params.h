// Per-channel scales and zero points of the quantized_decomposed per-channel
// ops, copied into scratch in the types the math takes.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/kernel.h"

namespace wick {
namespace quantized {

// scales: float32 or float64 tensor of `channels` elements. When invert is
// true, each entry becomes 1 / scale computed in the scales' dtype (as
// torch's `1.0 / scales`). The result is in `*as_float` for float32 scales,
// `*as_double` for float64 (the other stays null).
bool per_channel_scales(KernelContext& ctx, const Tensor& scales, size_t channels, bool invert,
                        const float** as_float, const double** as_double);

// zero_points: int32 or int64 tensor of `channels` elements, or null for all
// zeros; widened to int64.
bool per_channel_zero_points(KernelContext& ctx, const Tensor* zero_points, size_t channels,
                             const int64_t** out);

}  // namespace quantized
}  // namespace wick
