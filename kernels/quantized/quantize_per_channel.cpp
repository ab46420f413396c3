// quantized_decomposed::quantize_per_channel.out(Tensor input, Tensor scales,
//     Tensor zero_points, int axis, int quant_min, int quant_max, ScalarType dtype,
//     *, Tensor(a!) out)
// 9 args. PyTorch: clamp(round(x * (1.0 / scales)) + zero_points, qmin, qmax)
// along `axis`, computed in the scales' dtype.
#include "kernels/cortex_m/binding.h"
#include "kernels/quantized/ops.h"
#include "kernels/quantized/per_channel_params.h"
#include "kernels/quantized/qparams.h"

namespace wick {
namespace quantized {
namespace {

template <typename Q>
void run(const Tensor& in, Tensor& out, const ChannelBlocks& blocks, const float* inv_f,
         const double* inv_d, const int64_t* zero_points, int64_t qmin, int64_t qmax) {
  if (inv_f != nullptr) {
    quantize_affine<Q, float>(in.data_as<const float>(), out.data_as<Q>(), blocks, inv_f,
                              zero_points, static_cast<float>(qmin), static_cast<float>(qmax));
  } else {
    quantize_affine<Q, double>(in.data_as<const float>(), out.data_as<Q>(), blocks, inv_d,
                               zero_points, static_cast<double>(qmin), static_cast<double>(qmax));
  }
}

}  // namespace

void quantize_per_channel_out(KernelContext& ctx, Span<EValue*> args) {
  if (!cortex_m::check_arg_count(ctx, args, {9})) return;
  Tensor* in = cortex_m::tensor_arg(ctx, args, 0, "input");
  Tensor* scales = cortex_m::tensor_arg(ctx, args, 1, "scales");
  Tensor* zero_points_t = cortex_m::tensor_arg(ctx, args, 2, "zero_points");
  Tensor* out = cortex_m::tensor_arg(ctx, args, 7, "out");
  int64_t axis = 0;
  int64_t qmin = 0;
  int64_t qmax = 0;
  int64_t dtype = 0;
  ChannelBlocks blocks{};
  const float* inv_f = nullptr;
  const double* inv_d = nullptr;
  const int64_t* zero_points = nullptr;
  if (in == nullptr || scales == nullptr || zero_points_t == nullptr || out == nullptr ||
      !cortex_m::int64_arg(ctx, args, 3, "axis", &axis) ||
      !cortex_m::int64_arg(ctx, args, 4, "quant_min", &qmin) ||
      !cortex_m::int64_arg(ctx, args, 5, "quant_max", &qmax) ||
      !cortex_m::int64_arg(ctx, args, 6, "dtype", &dtype) ||
      !check_quant_range(ctx, dtype, qmin, qmax) ||
      !cortex_m::check_dtype(ctx, *in, "input", ScalarType::Float) ||
      !cortex_m::check_dtype(ctx, *out, "out", static_cast<ScalarType>(dtype)) ||
      !cortex_m::same_layout_output(ctx, *in, *out) || !channel_blocks(ctx, *in, axis, &blocks) ||
      !per_channel_scales(ctx, *scales, blocks.channels, true, &inv_f, &inv_d) ||
      !per_channel_zero_points(ctx, zero_points_t, blocks.channels, &zero_points)) {
    return;
  }
  switch (out->dtype) {
    case ScalarType::Byte:
      return run<uint8_t>(*in, *out, blocks, inv_f, inv_d, zero_points, qmin, qmax);
    case ScalarType::Char:
      return run<int8_t>(*in, *out, blocks, inv_f, inv_d, zero_points, qmin, qmax);
    case ScalarType::Short:
      return run<int16_t>(*in, *out, blocks, inv_f, inv_d, zero_points, qmin, qmax);
    case ScalarType::Int:
      return run<int32_t>(*in, *out, blocks, inv_f, inv_d, zero_points, qmin, qmax);
    default:
      return;  // check_quant_range admitted only the types above
  }
}

}  // namespace quantized
}  // namespace wick
