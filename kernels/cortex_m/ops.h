// cortex_m:: kernel bindings (reference int8 kernels with CMSIS-NN arithmetic).
// Each takes the KernelCall's arguments (schema args, then out, then out again).
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace cortex_m {

void quantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args);
void dequantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args);
void quantized_add_out(KernelContext& ctx, Span<EValue*> args);
void quantized_mul_out(KernelContext& ctx, Span<EValue*> args);
void quantized_div_out(KernelContext& ctx, Span<EValue*> args);
void minimum_out(KernelContext& ctx, Span<EValue*> args);
void maximum_out(KernelContext& ctx, Span<EValue*> args);
void quantized_activation_out(KernelContext& ctx, Span<EValue*> args);
void quantized_linear_out(KernelContext& ctx, Span<EValue*> args);
// Load-time step of quantized_linear: for static-shaped tensors in place at
// load, every argument is checked and converted once and, when the weights
// and bias are constants, the input offset is folded into kernel sums. Bad
// arguments fail the load with the per-call message.
Error prepare_quantized_linear(PrepareContext& ctx, Span<EValue* const> args);
void quantized_conv2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_depthwise_conv2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_transpose_conv2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_avg_pool2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_max_pool2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_batch_matmul_out(KernelContext& ctx, Span<EValue*> args);
void softmax_out(KernelContext& ctx, Span<EValue*> args);
void pad_out(KernelContext& ctx, Span<EValue*> args);
void transpose_out(KernelContext& ctx, Span<EValue*> args);

}  // namespace cortex_m
}  // namespace wick
