// quantized_decomposed:: kernel bindings (PyTorch-exact affine quantization).
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace quantized {

void quantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args);
void quantize_per_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args);
void dequantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args);
void dequantize_per_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args);
void quantize_per_channel_out(KernelContext& ctx, Span<EValue*> args);
void dequantize_per_channel_out(KernelContext& ctx, Span<EValue*> args);

}  // namespace quantized
}  // namespace wick
