// cortex_m::quantize_per_tensor.out(Tensor input, float scale, int zero_point,
//     int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out)
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/qdq_args.h"
#include "kernels/cortex_m/quantize_s8.h"

namespace wick {
namespace cortex_m {

void quantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  PerTensorQdqArgs a;  // filled by unpack_per_tensor_qdq on success
  if (!unpack_per_tensor_qdq(ctx, args, ScalarType::Float, ScalarType::Char, &a)) return;
  const QuantizeParams params{1.0f / static_cast<float>(a.scale), a.zero_point, a.quant_min,
                              a.quant_max};
  quantize_f32_s8(params, a.input->data_as<const float>(), a.out->data_as<int8_t>(),
                  a.input->numel);
}

}  // namespace cortex_m
}  // namespace wick
