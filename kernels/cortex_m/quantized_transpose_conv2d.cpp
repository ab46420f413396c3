// cortex_m::quantized_transpose_conv2d.out(Tensor input, Tensor weight, Tensor? bias,
//     int[] stride, int[] padding, int[] output_padding, int[] dilation,
//     int input_offset, int output_offset, Tensor requantize_multipliers,
//     Tensor requantize_shifts, int activation_min, int activation_max,
//     Tensor scratch, Tensor output_scratch, *, Tensor(a!) out)
// 17 args; 15 before the two CMSIS-NN scratch tensors were added (16 is
// accepted for a single scratch). The reference kernel reads no scratch.
// weight is OHWI int8 [c_out, kh, kw, c_in]; groups are not supported.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/transpose_conv2d_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

// PyTorch: (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1.
int64_t transposed_size(int32_t input, int32_t kernel, int32_t stride, int32_t padding,
                        int32_t dilation, int32_t output_padding) {
  return (int64_t{input} - 1) * stride - 2 * int64_t{padding} + int64_t{dilation} * (kernel - 1) +
         output_padding + 1;
}

}  // namespace

void quantized_transpose_conv2d_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {17, 16, 15})) return;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weight = tensor_arg(ctx, args, 1, "weight");
  Tensor* out = tensor_arg(ctx, args, args.size() - 2, "out");
  Dims4 in_dims{};
  Dims4 f_dims{};
  ConvParams p{};
  int32_t stride[2];
  int32_t padding[2];
  int32_t output_padding[2];
  int32_t dilation[2];
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !filter_dims(ctx, *weight, "weight", &f_dims) ||
      !int_list_arg(ctx, args, 3, "stride", 2, 1, 1 << 16, stride) ||
      !int_list_arg(ctx, args, 4, "padding", 2, 0, 1 << 16, padding) ||
      !int_list_arg(ctx, args, 5, "output_padding", 2, 0, 1 << 16, output_padding) ||
      !int_list_arg(ctx, args, 6, "dilation", 2, 1, 1 << 16, dilation) ||
      !int_arg(ctx, args, 7, "input_offset", -255, 255, &p.input_offset) ||
      !int_arg(ctx, args, 8, "output_offset", kInt8Min, kInt8Max, &p.output_offset) ||
      !activation_args(ctx, args, 11, 12, &p.activation)) {
    return;
  }
  p.stride = HeightWidth{stride[0], stride[1]};
  p.padding = HeightWidth{padding[0], padding[1]};
  p.dilation = HeightWidth{dilation[0], dilation[1]};
  if (f_dims.c != in_dims.c) {
    WICK_LOG(Error, "%s: weight has %d input channels, input has %d (groups unsupported)",
             ctx.op_name(), static_cast<int>(f_dims.c), static_cast<int>(in_dims.c));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  for (int k = 0; k < 2; ++k) {
    const int32_t stride = k == 0 ? p.stride.h : p.stride.w;
    const int32_t dil = k == 0 ? p.dilation.h : p.dilation.w;
    if (output_padding[k] >= stride && output_padding[k] >= dil) {
      WICK_LOG(Error, "%s: output_padding %d must be smaller than the stride or the dilation",
               ctx.op_name(), static_cast<int>(output_padding[k]));
      ctx.fail(Error::InvalidArgument);
      return;
    }
  }
  const int64_t out_h = transposed_size(in_dims.h, f_dims.h, p.stride.h, p.padding.h, p.dilation.h,
                                        output_padding[0]);
  const int64_t out_w = transposed_size(in_dims.w, f_dims.w, p.stride.w, p.padding.w, p.dilation.w,
                                        output_padding[1]);
  if (out_h < 1 || out_w < 1 || out_h > INT32_MAX || out_w > INT32_MAX) {
    WICK_LOG(Error, "%s: output would be %lldx%lld", ctx.op_name(), static_cast<long long>(out_h),
             static_cast<long long>(out_w));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const Dims4 out_dims{in_dims.n, static_cast<int32_t>(out_h), static_cast<int32_t>(out_w),
                       f_dims.n};
  const int32_t* bias = nullptr;
  PerChannelQuant quant{};
  if (!optional_int32_vector(ctx, args, 2, "bias", out_dims.c, &bias) ||
      !per_channel_quant_args(ctx, args, 9, 10, out_dims.c, &quant) ||
      !nhwc_output(ctx, *out, out_dims)) {
    return;
  }
  transpose_conv2d_s8(p, quant, in_dims, input->data_as<const int8_t>(), f_dims,
                      weight->data_as<const int8_t>(), bias, out_dims, out->data_as<int8_t>());
}

}  // namespace cortex_m
}  // namespace wick
