// Helium binding of cortex_m::quantized_linear.out: the reference binding's
// argument handling (run_quantized_linear, prepared at load by
// prepare_quantized_linear) around the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  run_quantized_linear(ctx, args, &mve::fully_connected_s8);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
