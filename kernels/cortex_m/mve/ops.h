// Helium bindings of cortex_m:: operators: the reference bindings' argument
// checks (kernels/cortex_m/binding.h) in front of the mve math.
#pragma once

#include "kernels/cortex_m/ops.h"
#include "wick/kernel.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_add_out(KernelContext& ctx, Span<EValue*> args);
void quantized_mul_out(KernelContext& ctx, Span<EValue*> args);
void quantized_linear_out(KernelContext& ctx, Span<EValue*> args);
// The load-time step is the reference binding's: both unpack the same
// arguments (kernels/cortex_m/op_args.h).
using cortex_m::prepare_quantized_linear;
void quantized_conv2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_depthwise_conv2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_avg_pool2d_out(KernelContext& ctx, Span<EValue*> args);
void quantized_max_pool2d_out(KernelContext& ctx, Span<EValue*> args);
void softmax_out(KernelContext& ctx, Span<EValue*> args);
void pad_out(KernelContext& ctx, Span<EValue*> args);

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
