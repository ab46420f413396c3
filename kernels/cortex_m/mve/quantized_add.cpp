// Helium binding of cortex_m::quantized_add.out: the reference binding's argument handling
// (unpack_quantized_add), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_add_out(KernelContext& ctx, Span<EValue*> args) {
  AddArgs a{};
  if (!unpack_quantized_add(ctx, args, &a)) return;
  mve::add_s8(a.params, a.x.shape, a.x.a, a.x.b, a.x.out);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
