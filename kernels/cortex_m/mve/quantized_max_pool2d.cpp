// Helium binding of cortex_m::quantized_max_pool2d.out: the reference binding's argument handling
// (unpack_quantized_max_pool2d), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_max_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  Pool2dArgs a;  // filled by unpack_quantized_max_pool2d on success
  if (!unpack_quantized_max_pool2d(ctx, args, &a)) return;
  mve::max_pool2d_s8(a.params, a.input_dims, a.input, a.output_dims, a.output);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
