// Helium binding of cortex_m::quantized_linear.out: the reference binding's
// argument handling (linear_call, prepared at load by
// prepare_quantized_linear), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {
namespace mve {

Error prepare_quantized_linear(PrepareContext& ctx, Span<EValue* const> args) {
  return cortex_m::prepare_quantized_linear(ctx, args);
}

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  LinearCall call;
  if (!linear_call(ctx, args, &call)) return;
  const LinearArgs& a = *call.a;
  mve::fully_connected_s8(a.params, a.quant, a.batches, a.in_features, a.out_features, call.input,
                          a.weights, a.bias, call.output);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
