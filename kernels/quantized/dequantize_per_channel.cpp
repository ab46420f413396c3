// quantized_decomposed::dequantize_per_channel.out(Tensor input, Tensor scales,
//     Tensor? zero_points, int axis, int quant_min, int quant_max, ScalarType dtype,
//     *, ScalarType? out_dtype=None, Tensor(a!) out)
// 10 args; 9 in programs older than out_dtype. PyTorch:
// ((input - zero_points) * scales).to(out_dtype) along `axis`.
#include "kernels/cortex_m/binding.h"
#include "kernels/quantized/ops.h"
#include "kernels/quantized/per_channel_params.h"
#include "kernels/quantized/qparams.h"

namespace wick {
namespace quantized {
namespace {

template <typename Q, typename O>
void run_typed(const Tensor& in, Tensor& out, const ChannelBlocks& blocks, const float* scale_f,
               const double* scale_d, const int64_t* zero_points) {
  if (scale_f != nullptr) {
    dequantize_per_channel<Q, float, O>(in.data_as<const Q>(), out.data_as<O>(), blocks, scale_f,
                                        zero_points);
  } else {
    dequantize_per_channel<Q, double, O>(in.data_as<const Q>(), out.data_as<O>(), blocks, scale_d,
                                         zero_points);
  }
}

template <typename Q>
void run(const Tensor& in, Tensor& out, const ChannelBlocks& blocks, const float* scale_f,
         const double* scale_d, const int64_t* zero_points) {
  if (out.dtype == ScalarType::Double) {
    run_typed<Q, double>(in, out, blocks, scale_f, scale_d, zero_points);
  } else {
    run_typed<Q, float>(in, out, blocks, scale_f, scale_d, zero_points);
  }
}

}  // namespace

void dequantize_per_channel_out(KernelContext& ctx, Span<EValue*> args) {
  if (!cortex_m::check_arg_count(ctx, args, {10, 9})) return;
  const bool has_out_dtype = args.size() == 10;
  Tensor* in = cortex_m::tensor_arg(ctx, args, 0, "input");
  Tensor* scales = cortex_m::tensor_arg(ctx, args, 1, "scales");
  Tensor* zero_points_t = nullptr;
  Tensor* out = cortex_m::tensor_arg(ctx, args, has_out_dtype ? 8 : 7, "out");
  int64_t axis = 0;
  int64_t qmin = 0;
  int64_t qmax = 0;
  int64_t dtype = 0;
  ChannelBlocks blocks{};
  const float* scale_f = nullptr;
  const double* scale_d = nullptr;
  const int64_t* zero_points = nullptr;
  const EValue none;
  if (in == nullptr || scales == nullptr || out == nullptr ||
      !cortex_m::optional_tensor_arg(ctx, args, 2, "zero_points", &zero_points_t) ||
      !cortex_m::int64_arg(ctx, args, 3, "axis", &axis) ||
      !cortex_m::int64_arg(ctx, args, 4, "quant_min", &qmin) ||
      !cortex_m::int64_arg(ctx, args, 5, "quant_max", &qmax) ||
      !cortex_m::int64_arg(ctx, args, 6, "dtype", &dtype) ||
      !check_quant_range(ctx, dtype, qmin, qmax) ||
      !cortex_m::check_dtype(ctx, *in, "input", static_cast<ScalarType>(dtype)) ||
      !dequantize_output_dtype(ctx, has_out_dtype ? *args[7] : none, *out) ||
      !cortex_m::same_layout_output(ctx, *in, *out) || !channel_blocks(ctx, *in, axis, &blocks) ||
      !per_channel_scales(ctx, *scales, blocks.channels, false, &scale_f, &scale_d) ||
      !per_channel_zero_points(ctx, zero_points_t, blocks.channels, &zero_points)) {
    return;
  }
  switch (in->dtype) {
    case ScalarType::Byte:
      return run<uint8_t>(*in, *out, blocks, scale_f, scale_d, zero_points);
    case ScalarType::Char:
      return run<int8_t>(*in, *out, blocks, scale_f, scale_d, zero_points);
    case ScalarType::Short:
      return run<int16_t>(*in, *out, blocks, scale_f, scale_d, zero_points);
    case ScalarType::Int:
      return run<int32_t>(*in, *out, blocks, scale_f, scale_d, zero_points);
    default:
      return;  // check_quant_range admitted only the types above
  }
}

}  // namespace quantized
}  // namespace wick
