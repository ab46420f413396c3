// cortex_m::quantized_activation.out(Tensor input, Tensor lut, *, Tensor(a!) out)
// 4 args; lut is int8[256] indexed by input + 128.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/lut_s8.h"
#include "kernels/cortex_m/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

void quantized_activation_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {4})) return;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* lut = tensor_arg(ctx, args, 1, "lut");
  Tensor* out = tensor_arg(ctx, args, 2, "out");
  if (in == nullptr || lut == nullptr || out == nullptr ||
      !check_dtype(ctx, *in, "input", ScalarType::Char) ||
      !check_dtype(ctx, *lut, "lut", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) || !same_layout_output(ctx, *in, *out)) {
    return;
  }
  if (lut->numel != 256) {
    WICK_LOG(Error, "%s: lut has %lu entries, expected 256", ctx.op_name(),
             static_cast<unsigned long>(lut->numel));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  lut_s8(lut->data_as<const int8_t>(), in->data_as<const int8_t>(), out->data_as<int8_t>(),
         in->numel);
}

}  // namespace cortex_m
}  // namespace wick
