// Helium binding of cortex_m::pad.out: the reference binding's argument handling
// (unpack_pad), then the mve math.
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void pad_out(KernelContext& ctx, Span<EValue*> args) {
  PadArgs a{};
  if (!unpack_pad(ctx, args, &a)) return;
  mve::pad_s8(a.shape, a.input, a.output, a.window_offset, a.output_count, a.pad_value);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
