// quantized_decomposed::dequantize_per_tensor.out(Tensor input, float scale,
//     int zero_point, int quant_min, int quant_max, ScalarType dtype, *,
//     ScalarType? out_dtype=None, Tensor(a!) out)
// quantized_decomposed::dequantize_per_tensor.Tensor_out(... Tensor scale,
//     Tensor zero_point, ...): the same with one-element tensors.
// 9 args each; 8 in programs older than out_dtype. PyTorch:
// (input.to(out_dtype) - zero_point) * scale, computed in out_dtype.
#include "kernels/cortex_m/binding.h"
#include "kernels/quantized/ops.h"
#include "kernels/quantized/qparams.h"
#include "wick/log.h"

namespace wick {
namespace quantized {
namespace {

using cortex_m::check_arg_count;
using cortex_m::tensor_arg;

template <typename Q>
void run(const Tensor& in, Tensor& out, double scale, int64_t zero_point) {
  if (out.dtype == ScalarType::Double) {
    dequantize_per_tensor<Q, double>(in.data_as<const Q>(), out.data_as<double>(), in.numel, scale,
                                     static_cast<double>(zero_point));
  } else {
    dequantize_per_tensor<Q, float>(in.data_as<const Q>(), out.data_as<float>(), in.numel,
                                    static_cast<float>(scale), static_cast<float>(zero_point));
  }
}

void dequantize(KernelContext& ctx, Span<EValue*> args, double scale, int64_t zero_point) {
  const bool has_out_dtype = args.size() == 9;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, has_out_dtype ? 7 : 6, "out");
  int64_t qmin = 0;
  int64_t qmax = 0;
  int64_t dtype = 0;
  const EValue none;
  if (in == nullptr || out == nullptr || !cortex_m::int64_arg(ctx, args, 3, "quant_min", &qmin) ||
      !cortex_m::int64_arg(ctx, args, 4, "quant_max", &qmax) ||
      !cortex_m::int64_arg(ctx, args, 5, "dtype", &dtype) ||
      !check_quant_range(ctx, dtype, qmin, qmax) ||
      !cortex_m::check_dtype(ctx, *in, "input", static_cast<ScalarType>(dtype)) ||
      !dequantize_output_dtype(ctx, has_out_dtype ? *args[6] : none, *out) ||
      !cortex_m::same_layout_output(ctx, *in, *out)) {
    return;
  }
  switch (in->dtype) {
    case ScalarType::Byte:
      return run<uint8_t>(*in, *out, scale, zero_point);
    case ScalarType::Char:
      return run<int8_t>(*in, *out, scale, zero_point);
    case ScalarType::Short:
      return run<int16_t>(*in, *out, scale, zero_point);
    case ScalarType::Int:
      return run<int32_t>(*in, *out, scale, zero_point);
    default:
      return;  // check_quant_range admitted only the types above
  }
}

}  // namespace

void dequantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  double scale = 0.0;
  int64_t zero_point = 0;
  if (!check_arg_count(ctx, args, {9, 8}) || !cortex_m::double_arg(ctx, args, 1, "scale", &scale) ||
      !cortex_m::int64_arg(ctx, args, 2, "zero_point", &zero_point)) {
    return;
  }
  dequantize(ctx, args, scale, zero_point);
}

void dequantize_per_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {9, 8})) return;
  Tensor* scale_t = tensor_arg(ctx, args, 1, "scale");
  Tensor* zero_point_t = tensor_arg(ctx, args, 2, "zero_point");
  double scale = 0.0;
  int64_t zero_point = 0;
  if (scale_t == nullptr || zero_point_t == nullptr ||
      !scalar_tensor_double(ctx, *scale_t, "scale", &scale) ||
      !scalar_tensor_int(ctx, *zero_point_t, "zero_point", &zero_point)) {
    return;
  }
  dequantize(ctx, args, scale, zero_point);
}

}  // namespace quantized
}  // namespace wick
