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
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

bool fail_with(KernelContext& ctx) {
  ctx.fail(Error::InvalidArgument);
  return false;
}

bool bad_requantization(KernelContext& ctx, int32_t k, int64_t multiplier, int64_t shift) {
  WICK_LOG(Error,
           "%s: requantize_multipliers[%d] = %lld or requantize_shifts[%d] = %lld is "
           "out of range (int32, [-31, 31])",
           ctx.op_name(), static_cast<int>(k), static_cast<long long>(multiplier),
           static_cast<int>(k), static_cast<long long>(shift));
  return fail_with(ctx);
}

// The int-list requantization params as int32 scratch, a single
// (per-tensor) pair repeated for every output feature. The boxed items are
// read directly: IntList::get() would unbox each list again on every call.
bool linear_quant(KernelContext& ctx, Span<EValue*> args, int32_t out_features,
                  PerChannelQuant* quant) {
  if (args[7] == nullptr || args[8] == nullptr || !args[7]->is_int_list() ||
      !args[8]->is_int_list()) {
    WICK_LOG(Error, "%s: requantize_multipliers and requantize_shifts must be int lists",
             ctx.op_name());
    return fail_with(ctx);
  }
  const IntList& multiplier_list = args[7]->payload.as_int_list;
  const IntList& shift_list = args[8]->payload.as_int_list;
  const size_t count = multiplier_list.size;
  if ((count != 1 && count != static_cast<size_t>(out_features)) || shift_list.size != count) {
    WICK_LOG(Error, "%s: %lu requantize multipliers and %lu shifts for %d output features",
             ctx.op_name(), static_cast<unsigned long>(count),
             static_cast<unsigned long>(shift_list.size), static_cast<int>(out_features));
    return fail_with(ctx);
  }
  int32_t* multipliers = static_cast<int32_t*>(
      ctx.allocate_temp(2 * sizeof(int32_t) * static_cast<size_t>(out_features), 4));
  if (multipliers == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return false;
  }
  int32_t* shifts = multipliers + out_features;
  const int32_t n = static_cast<int32_t>(count);
  for (int32_t k = 0; k < n; ++k) {
    const int64_t multiplier = multiplier_list.boxed[k]->payload.as_int;
    const int64_t shift = shift_list.boxed[k]->payload.as_int;
    if (multiplier < INT32_MIN || multiplier > INT32_MAX || shift < kMinShift ||
        shift > kMaxShift) {
      return bad_requantization(ctx, k, multiplier, shift);
    }
    multipliers[k] = static_cast<int32_t>(multiplier);
    shifts[k] = static_cast<int32_t>(shift);
  }
  for (int32_t o = n; o < out_features; ++o) {
    multipliers[o] = multipliers[0];
    shifts[o] = shifts[0];
  }
  *quant = PerChannelQuant{multipliers, shifts};
  return true;
}

// weights [out, in] row-major and input [..., in] contiguous with the output
// of the input's rank.
bool linear_shapes_fit(const Tensor& input, const Tensor& weights, const Tensor& out) {
  return weights.dim == 2 && (weights.sizes[0] <= 1 || weights.strides[0] == weights.sizes[1]) &&
         (weights.sizes[1] <= 1 || weights.strides[1] == 1) && input.dim >= 1 &&
         input.is_contiguous() && input.sizes[input.dim - 1] == weights.sizes[1] &&
         out.dim == input.dim;
}

}  // namespace

bool unpack_quantized_linear(KernelContext& ctx, Span<EValue*> args, LinearArgs* a) {
  if (!check_arg_count(ctx, args, {13})) return false;
  Tensor* input = tensor_arg(ctx, args, 0, "input");
  Tensor* weights = tensor_arg(ctx, args, 1, "weights");
  Tensor* out = tensor_arg(ctx, args, 11, "out");
  FullyConnectedParams& p = a->params;
  if (input == nullptr || weights == nullptr || out == nullptr ||
      !check_dtype(ctx, *input, "input", ScalarType::Char) ||
      !check_dtype(ctx, *weights, "weights", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !int_arg(ctx, args, 4, "input_offset", -255, 255, &p.input_offset) ||
      !int_arg(ctx, args, 5, "filter_offset", -255, 255, &p.filter_offset) ||
      !int_arg(ctx, args, 6, "output_offset", kInt8Min, kInt8Max, &p.output_offset) ||
      !activation_args(ctx, args, 10, 9, &p.activation)) {
    return false;
  }
  if (!linear_shapes_fit(*input, *weights, *out)) {
    WICK_LOG(Error,
             "%s: input [..., in] (rank %d) and weights [out, in] (rank %d) must be "
             "contiguous with matching in_features, output of the input's rank",
             ctx.op_name(), static_cast<int>(input->dim), static_cast<int>(weights->dim));
    return fail_with(ctx);
  }
  const int32_t in_features = weights->sizes[1];
  const int32_t out_features = weights->sizes[0];
  if (in_features <= 0 || out_features <= 0) {
    WICK_LOG(Error, "%s: weights [%d, %d] is empty", ctx.op_name(), static_cast<int>(out_features),
             static_cast<int>(in_features));
    return fail_with(ctx);
  }
  int32_t out_sizes[kMaxRank];
  for (int d = 0; d < input->dim; ++d) out_sizes[d] = input->sizes[d];
  out_sizes[input->dim - 1] = out_features;
  Tensor* kernel_sum = nullptr;
  if (!bias_arg(ctx, args, 2, out_features, &a->bias) ||
      !optional_tensor_arg(ctx, args, 3, "kernel_sum", &kernel_sum) ||
      !set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, input->dim))) {
    return false;
  }
  if (!out->is_contiguous()) {
    WICK_LOG(Error, "%s: output must be contiguous", ctx.op_name());
    return fail_with(ctx);
  }
  if (a->bias == nullptr && kernel_sum != nullptr) {
    if (!int32_vector(ctx, *kernel_sum, "kernel_sum", out_features)) return false;
    if (p.filter_offset != 0) {
      WICK_LOG(Error, "%s: kernel_sum requires filter_offset 0, got %d", ctx.op_name(),
               static_cast<int>(p.filter_offset));
      return fail_with(ctx);
    }
    // kernel_sum already holds the input_offset term.
    a->bias = kernel_sum->data_as<const int32_t>();
    p.input_offset = 0;
  }
  a->batches = static_cast<int32_t>(input->numel / static_cast<size_t>(in_features));
  a->in_features = in_features;
  a->out_features = out_features;
  a->input = input->data_as<const int8_t>();
  a->weights = weights->data_as<const int8_t>();
  a->output = out->data_as<int8_t>();
  return linear_quant(ctx, args, out_features, &a->quant);
}

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  LinearArgs a;  // filled by unpack_quantized_linear on success
  if (!unpack_quantized_linear(ctx, args, &a)) return;
  fully_connected_s8(a.params, a.quant, a.batches, a.in_features, a.out_features, a.input,
                     a.weights, a.bias, a.output);
}

}  // namespace cortex_m
}  // namespace wick
