// Helium binding: the reference binding's checks (kernels/cortex_m/quantized_conv2d.cpp),
// then the mve math.
// cortex_m::quantized_conv2d.out(Tensor input, Tensor weight, Tensor? bias,
//     int[] stride, int[] padding, int[] dilation, int input_offset, int output_offset,
//     Tensor requantize_multipliers, Tensor requantize_shifts, int activation_min,
//     int activation_max, Tensor scratch, *, Tensor(a!) out)
// 15 args; 14 before the CMSIS-NN scratch tensor was added, which is not read.
// weight is OHWI int8 with sizes [c_out, kh, kw, c_in / groups].
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/conv2d_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_conv2d_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {15, 14})) return;
  const size_t out_index = args.size() == 15 ? 13 : 12;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weight = tensor_arg(ctx, args, 1, "weight");
  Tensor* out = tensor_arg(ctx, args, out_index, "out");
  Dims4 in_dims{};
  Dims4 f_dims{};
  ConvParams p{};
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !nhwc_activation(ctx, *input, "input", &in_dims) ||
      !filter_dims(ctx, *weight, "weight", &f_dims) ||
      !window_args(ctx, args, 3, &p.stride, &p.padding, &p.dilation) ||
      !int_arg(ctx, args, 6, "input_offset", -255, 255, &p.input_offset) ||
      !int_arg(ctx, args, 7, "output_offset", kInt8Min, kInt8Max, &p.output_offset) ||
      !activation_args(ctx, args, 10, 11, &p.activation)) {
    return;
  }
  if (f_dims.c <= 0 || in_dims.c % f_dims.c != 0 || f_dims.n % (in_dims.c / f_dims.c) != 0) {
    WICK_LOG(Error,
             "%s: input has %d channels; weight [%d, %d, %d, %d] (OHWI) does not divide "
             "them into groups",
             ctx.op_name(), static_cast<int>(in_dims.c), static_cast<int>(f_dims.n),
             static_cast<int>(f_dims.h), static_cast<int>(f_dims.w), static_cast<int>(f_dims.c));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const Dims4 out_dims{
      in_dims.n, conv_output_size(in_dims.h, f_dims.h, p.stride.h, p.padding.h, p.dilation.h),
      conv_output_size(in_dims.w, f_dims.w, p.stride.w, p.padding.w, p.dilation.w), f_dims.n};
  if (out_dims.h < 1 || out_dims.w < 1) {
    WICK_LOG(Error, "%s: %dx%d kernel does not fit the padded %dx%d input", ctx.op_name(),
             static_cast<int>(f_dims.h), static_cast<int>(f_dims.w), static_cast<int>(in_dims.h),
             static_cast<int>(in_dims.w));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const int32_t* bias = nullptr;
  PerChannelQuant quant{};
  if (!bias_arg(ctx, args, 2, out_dims.c, &bias) ||
      !per_channel_quant_args(ctx, args, 8, 9, out_dims.c, &quant) ||
      !nhwc_output(ctx, *out, out_dims)) {
    return;
  }
  // Scratch comes from the temp arena, never from the program's scratch tensor
  // (sized for whichever CMSIS-NN build exported it).
  void* scratch = ctx.allocate_temp(conv2d_s8_scratch_bytes(in_dims, f_dims, out_dims));
  if (scratch == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return;
  }
  mve::conv2d_s8(p, quant, in_dims, input->data_as<const int8_t>(), f_dims,
                 weight->data_as<const int8_t>(), bias, out_dims, out->data_as<int8_t>(), scratch);
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
