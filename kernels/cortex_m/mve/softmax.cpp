// Helium binding of cortex_m::softmax.out: the reference binding's argument handling
// (unpack_softmax), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void softmax_out(KernelContext& ctx, Span<EValue*> args) {
  SoftmaxArgs a{};
  if (!unpack_softmax(ctx, args, &a)) return;
  mve::softmax_s8(a.params, a.input, a.rows, a.row_size, a.output);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
