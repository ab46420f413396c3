// cortex_m::dequantize_per_tensor.out(Tensor input, float scale, int zero_point,
//     int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out)
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/qdq_args.h"
#include "kernels/cortex_m/quantize_s8.h"

namespace wick {
namespace cortex_m {

void dequantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  PerTensorQdqArgs a;  // filled by unpack_per_tensor_qdq on success
  if (!unpack_per_tensor_qdq(ctx, args, ScalarType::Char, ScalarType::Float, &a)) return;
  const DequantizeParams params{static_cast<float>(a.scale), a.zero_point};
  dequantize_s8_f32(params, a.input->data_as<const int8_t>(), a.out->data_as<float>(),
                    a.input->numel);
}

}  // namespace cortex_m
}  // namespace wick
