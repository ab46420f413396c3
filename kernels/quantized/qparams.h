// Argument checks shared by the quantized_decomposed bindings.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernels/quantized/affine.h"
#include "wick/kernel.h"

namespace wick {
namespace quantized {

// The quantized dtype argument: an integer type this family supports
// (uint8, int8, int16, int32), with quant_min <= quant_max inside its range.
bool check_quant_range(KernelContext& ctx, int64_t dtype, int64_t quant_min, int64_t quant_max);

// The one-element scale / zero_point of a .Tensor_out overload.
bool scalar_tensor_double(KernelContext& ctx, const Tensor& t, const char* name, double* out);
bool scalar_tensor_int(KernelContext& ctx, const Tensor& t, const char* name, int64_t* out);

// Memory blocks of t around logical dim `axis` (any dense dim_order).
bool channel_blocks(KernelContext& ctx, const Tensor& t, int64_t axis, ChannelBlocks* blocks);

// Float output dtype of a dequantize: out_dtype (None = float32) must be
// Float or Double and match out.
bool dequantize_output_dtype(KernelContext& ctx, const EValue& out_dtype, const Tensor& out);

}  // namespace quantized
}  // namespace wick
