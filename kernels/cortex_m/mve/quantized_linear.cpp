// Helium binding: the reference binding's checks (kernels/cortex_m/quantized_linear.cpp),
// then the mve math.
// cortex_m::quantized_linear.out(Tensor input, Tensor weights, Tensor? bias,
//     Tensor? kernel_sum, int input_offset, int filter_offset, int output_offset,
//     int[] requantize_multipliers, int[] requantize_shifts, int activation_max,
//     int activation_min, *, Tensor(a!) out)
// 13 args (Scalar-typed in v1.1.0). Note activation_max comes first.
// One multiplier/shift means per-tensor requantization, out_features of them
// per-channel. kernel_sum (CMSIS-NN's Helium precomputation,
// sum_k w[o][k] * input_offset + bias[o]) is used only when bias is None;
// both give the same accumulator.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

bool fail_with(KernelContext& ctx) {
  ctx.fail(Error::InvalidArgument);
  return false;
}

// Copies the int-list requantization params into int32 scratch, repeating a
// single (per-tensor) pair for every output feature.
bool linear_quant(KernelContext& ctx, Span<EValue*> args, int32_t out_features,
                  PerChannelQuant* quant) {
  if (args[7] == nullptr || args[8] == nullptr || !args[7]->is_int_list() ||
      !args[8]->is_int_list()) {
    WICK_LOG(Error, "%s: requantize_multipliers and requantize_shifts must be int lists",
             ctx.op_name());
    return fail_with(ctx);
  }
  const size_t count = args[7]->to_int_list().size();
  if ((count != 1 && count != static_cast<size_t>(out_features))) {
    WICK_LOG(Error, "%s: %lu requantize multipliers for %d output features", ctx.op_name(),
             static_cast<unsigned long>(count), static_cast<int>(out_features));
    return fail_with(ctx);
  }
  int32_t* multipliers = static_cast<int32_t*>(
      ctx.allocate_temp(2 * sizeof(int32_t) * static_cast<size_t>(out_features), 4));
  if (multipliers == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return false;
  }
  int32_t* shifts = multipliers + out_features;
  if (!int_list_arg(ctx, args, 7, "requantize_multipliers", count, INT32_MIN, INT32_MAX,
                    multipliers) ||
      !int_list_arg(ctx, args, 8, "requantize_shifts", count, kMinShift, kMaxShift, shifts)) {
    return false;
  }
  for (int32_t o = static_cast<int32_t>(count); o < out_features; ++o) {
    multipliers[o] = multipliers[0];
    shifts[o] = shifts[0];
  }
  *quant = PerChannelQuant{multipliers, shifts};
  return true;
}

}  // namespace

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {13})) return;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weights = tensor_arg(ctx, args, 1, "weights");
  Tensor* out = tensor_arg(ctx, args, 11, "out");
  FullyConnectedParams p{};
  static constexpr uint8_t kRowMajor[2] = {0, 1};
  if (input == nullptr || weights == nullptr || out == nullptr ||
      !check_dtype(ctx, *input, "input", ScalarType::Char) ||
      !check_dtype(ctx, *weights, "weights", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !int_arg(ctx, args, 4, "input_offset", -255, 255, &p.input_offset) ||
      !int_arg(ctx, args, 5, "filter_offset", -255, 255, &p.filter_offset) ||
      !int_arg(ctx, args, 6, "output_offset", kInt8Min, kInt8Max, &p.output_offset) ||
      !activation_args(ctx, args, 10, 9, &p.activation)) {
    return;
  }
  if (weights->dim != 2 || !dense_in_order(*weights, kRowMajor) || input->dim < 1 ||
      !input->is_contiguous() || input->sizes[input->dim - 1] != weights->sizes[1] ||
      out->dim != input->dim) {
    WICK_LOG(Error,
             "%s: input [..., in] (rank %d) and weights [out, in] (rank %d) must be "
             "contiguous with matching in_features, output of the input's rank",
             ctx.op_name(), static_cast<int>(input->dim), static_cast<int>(weights->dim));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const int32_t in_features = weights->sizes[1];
  const int32_t out_features = weights->sizes[0];
  if (in_features <= 0 || out_features <= 0) {
    WICK_LOG(Error, "%s: weights [%d, %d] is empty", ctx.op_name(), static_cast<int>(out_features),
             static_cast<int>(in_features));
    ctx.fail(Error::InvalidArgument);
    return;
  }
  int32_t out_sizes[kMaxRank];
  for (int d = 0; d < input->dim; ++d) out_sizes[d] = input->sizes[d];
  out_sizes[input->dim - 1] = out_features;
  const int32_t* bias = nullptr;
  Tensor* kernel_sum = nullptr;
  PerChannelQuant quant{};
  if (!bias_arg(ctx, args, 2, out_features, &bias) ||
      !optional_tensor_arg(ctx, args, 3, "kernel_sum", &kernel_sum) ||
      !set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, input->dim)) ||
      !out->is_contiguous() || !linear_quant(ctx, args, out_features, &quant)) {
    if (ctx.failure() == Error::Ok) {
      WICK_LOG(Error, "%s: output must be contiguous", ctx.op_name());
      ctx.fail(Error::InvalidArgument);
    }
    return;
  }
  if (bias == nullptr && kernel_sum != nullptr) {
    if (!int32_vector(ctx, *kernel_sum, "kernel_sum", out_features)) return;
    if (p.filter_offset != 0) {
      WICK_LOG(Error, "%s: kernel_sum requires filter_offset 0, got %d", ctx.op_name(),
               static_cast<int>(p.filter_offset));
      ctx.fail(Error::InvalidArgument);
      return;
    }
    // kernel_sum already holds the input_offset term.
    bias = kernel_sum->data_as<const int32_t>();
    p.input_offset = 0;
  }
  const int32_t batches = static_cast<int32_t>(input->numel / static_cast<size_t>(in_features));
  mve::fully_connected_s8(p, quant, batches, in_features, out_features,
                          input->data_as<const int8_t>(), weights->data_as<const int8_t>(), bias,
                          out->data_as<int8_t>());
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
