// quantized_decomposed::quantize_per_tensor.out(Tensor input, float scale,
//     int zero_point, int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out)
// quantized_decomposed::quantize_per_tensor.Tensor_out(... Tensor scale,
//     Tensor zero_point, ...): the same with one-element tensors.
// 8 args each. PyTorch: clamp(round(x * float(1.0 / scale)) + zero_point, qmin, qmax).
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
void run(const Tensor& in, Tensor& out, double scale, int64_t zero_point, int64_t qmin,
         int64_t qmax) {
  const float inverse_scale = static_cast<float>(1.0 / scale);
  const ChannelBlocks blocks{1, 1, in.numel};
  quantize_affine<Q, float>(in.data_as<const float>(), out.data_as<Q>(), blocks, &inverse_scale,
                            &zero_point, static_cast<float>(qmin), static_cast<float>(qmax));
}

void quantize(KernelContext& ctx, Span<EValue*> args, double scale, int64_t zero_point) {
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 6, "out");
  int64_t qmin = 0;
  int64_t qmax = 0;
  int64_t dtype = 0;
  if (in == nullptr || out == nullptr || !cortex_m::int64_arg(ctx, args, 3, "quant_min", &qmin) ||
      !cortex_m::int64_arg(ctx, args, 4, "quant_max", &qmax) ||
      !cortex_m::int64_arg(ctx, args, 5, "dtype", &dtype) ||
      !check_quant_range(ctx, dtype, qmin, qmax) ||
      !cortex_m::check_dtype(ctx, *in, "input", ScalarType::Float) ||
      !cortex_m::check_dtype(ctx, *out, "out", static_cast<ScalarType>(dtype)) ||
      !cortex_m::same_layout_output(ctx, *in, *out)) {
    return;
  }
  switch (out->dtype) {
    case ScalarType::Byte:
      return run<uint8_t>(*in, *out, scale, zero_point, qmin, qmax);
    case ScalarType::Char:
      return run<int8_t>(*in, *out, scale, zero_point, qmin, qmax);
    case ScalarType::Short:
      return run<int16_t>(*in, *out, scale, zero_point, qmin, qmax);
    case ScalarType::Int:
      return run<int32_t>(*in, *out, scale, zero_point, qmin, qmax);
    default:
      return;  // check_quant_range admitted only the types above
  }
}

}  // namespace

void quantize_per_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  double scale = 0.0;
  int64_t zero_point = 0;
  if (!check_arg_count(ctx, args, {8}) || !cortex_m::double_arg(ctx, args, 1, "scale", &scale) ||
      !cortex_m::int64_arg(ctx, args, 2, "zero_point", &zero_point)) {
    return;
  }
  quantize(ctx, args, scale, zero_point);
}

void quantize_per_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {8})) return;
  Tensor* scale_t = tensor_arg(ctx, args, 1, "scale");
  Tensor* zero_point_t = tensor_arg(ctx, args, 2, "zero_point");
  double scale = 0.0;
  int64_t zero_point = 0;
  if (scale_t == nullptr || zero_point_t == nullptr ||
      !scalar_tensor_double(ctx, *scale_t, "scale", &scale) ||
      !scalar_tensor_int(ctx, *zero_point_t, "zero_point", &zero_point)) {
    return;
  }
  quantize(ctx, args, scale, zero_point);
}

}  // namespace quantized
}  // namespace wick
