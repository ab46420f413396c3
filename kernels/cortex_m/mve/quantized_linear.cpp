// Helium binding of cortex_m::quantized_linear.out: the reference binding's
// argument handling (unpack_quantized_linear), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  LinearArgs a;  // filled by unpack_quantized_linear on success
  if (!unpack_quantized_linear(ctx, args, &a)) return;
  mve::fully_connected_s8(a.params, a.quant, a.batches, a.in_features, a.out_features, a.input,
                          a.weights, a.bias, a.output);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
