// cortex_m::quantize_per_tensor.out(Tensor input, float scale, int zero_point,
//     int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out)
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/quantize_s8.h"

namespace wick {
namespace cortex_m {

void quantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {8})) return;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 6, "out");
  double scale = 0.0;
  int32_t zero_point = 0;
  int32_t quant_min = 0;
  int32_t quant_max = 0;
  int32_t dtype = 0;
  if (in == nullptr || out == nullptr || !double_arg(ctx, args, 1, "scale", &scale) ||
      !int_arg(ctx, args, 2, "zero_point", kInt8Min, kInt8Max, &zero_point) ||
      !int_arg(ctx, args, 3, "quant_min", kInt8Min, kInt8Max, &quant_min) ||
      !int_arg(ctx, args, 4, "quant_max", quant_min, kInt8Max, &quant_max) ||
      !int_arg(ctx, args, 5, "dtype", static_cast<int>(ScalarType::Char),
               static_cast<int>(ScalarType::Char), &dtype) ||
      !check_dtype(ctx, *in, "input", ScalarType::Float) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) || !same_layout_output(ctx, *in, *out)) {
    return;
  }
  const QuantizeParams params{1.0f / static_cast<float>(scale), zero_point, quant_min, quant_max};
  quantize_f32_s8(params, in->data_as<const float>(), out->data_as<int8_t>(), in->numel);
}

}  // namespace cortex_m
}  // namespace wick
