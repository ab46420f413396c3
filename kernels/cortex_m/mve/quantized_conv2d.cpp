// Helium binding of cortex_m::quantized_conv2d.out: the reference binding's
// argument handling (unpack_quantized_conv2d), then the mve math.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "kernels/cortex_m/op_args.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_conv2d_out(KernelContext& ctx, Span<EValue*> args) {
  Conv2dArgs a;  // filled by unpack_quantized_conv2d on success
  if (!unpack_quantized_conv2d(ctx, args, &a)) return;
  const ConvTensors& t = a.t;
  // Scratch comes from the temp arena, never from the program's scratch tensor
  // (sized for whichever CMSIS-NN build exported it).
  void* scratch =
      temp_memory(ctx, conv2d_s8_scratch_bytes(t.input_dims, t.filter_dims, t.output_dims));
  if (scratch == nullptr) return;
  mve::conv2d_s8(a.params, t.quant, t.input_dims, t.input, t.filter_dims, t.filter, t.bias,
                 t.output_dims, t.output, scratch);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
