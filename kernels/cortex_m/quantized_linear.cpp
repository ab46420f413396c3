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

// The int-list requantization params as int32 arrays (in `small` when
// out_features <= kSmallLinearFeatures, else in temp memory), a single
// (per-tensor) pair repeated for every output feature. The boxed items are
// read directly: IntList::get() would unbox each list again on every call.
// The range checks accumulate without branching (fc1 of TinyRPS converts 128
// pairs per call); a failure is located afterwards, on the error path only.
// (Inlined into its one caller, like linear_tensors: no size cost, no call.)
__attribute__((always_inline)) inline bool linear_quant(KernelContext& ctx, Span<EValue*> args,
                                                        int32_t out_features, int32_t* small,
                                                        PerChannelQuant* quant) {
  const EValue* multiplier_value = args[7];
  const EValue* shift_value = args[8];
  if (multiplier_value == nullptr || shift_value == nullptr || !multiplier_value->is_int_list() ||
      !shift_value->is_int_list()) {
    WICK_LOG(Error, "%s: requantize_multipliers and requantize_shifts must be int lists",
             ctx.op_name());
    return fail_with(ctx);
  }
  const IntList& multiplier_list = multiplier_value->payload.as_int_list;
  const IntList& shift_list = shift_value->payload.as_int_list;
  const size_t count = multiplier_list.size;
  if ((count != 1 && count != static_cast<size_t>(out_features)) || shift_list.size != count) {
    WICK_LOG(Error, "%s: %lu requantize multipliers and %lu shifts for %d output features",
             ctx.op_name(), static_cast<unsigned long>(count),
             static_cast<unsigned long>(shift_list.size), static_cast<int>(out_features));
    return fail_with(ctx);
  }
  int32_t* multipliers = out_features <= kSmallLinearFeatures
                             ? small
                             : static_cast<int32_t*>(ctx.allocate_temp(
                                   2 * sizeof(int32_t) * static_cast<size_t>(out_features), 4));
  if (multipliers == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return false;
  }
  int32_t* shifts = multipliers + out_features;
  const int32_t n = static_cast<int32_t>(count);
  uint32_t misfits = 0;  // non-zero once a multiplier leaves int32 or a shift [-31, 31]
  for (int32_t k = 0; k < n; ++k) {
    const int64_t multiplier = multiplier_list.boxed[k]->payload.as_int;
    const int64_t shift = shift_list.boxed[k]->payload.as_int;
    const int32_t multiplier_low = static_cast<int32_t>(multiplier);
    const int32_t shift_low = static_cast<int32_t>(shift);
    misfits |=
        static_cast<uint32_t>(static_cast<int32_t>(multiplier >> 32) ^ (multiplier_low >> 31));
    misfits |= static_cast<uint32_t>(static_cast<int32_t>(shift >> 32) ^ (shift_low >> 31));
    misfits |= static_cast<uint32_t>(shift_low) - static_cast<uint32_t>(kMinShift) >
               static_cast<uint32_t>(kMaxShift - kMinShift);
    multipliers[k] = multiplier_low;
    shifts[k] = shift_low;
  }
  if (misfits != 0) {
    for (int32_t k = 0; k < n; ++k) {
      const int64_t multiplier = multiplier_list.boxed[k]->payload.as_int;
      const int64_t shift = shift_list.boxed[k]->payload.as_int;
      if (multiplier != static_cast<int32_t>(multiplier) || shift < kMinShift ||
          shift > kMaxShift) {
        return bad_requantization(ctx, k, multiplier, shift);
      }
    }
  }
  for (int32_t o = n; o < out_features; ++o) {
    multipliers[o] = multipliers[0];
    shifts[o] = shifts[0];
  }
  *quant = PerChannelQuant{multipliers, shifts};
  return true;
}

// The checks below pass in a few instructions each and call out of line
// only to log a mismatch (or to take a Double or Bool scalar): a 128->3
// classifier head otherwise spends more on its arguments than on its 384
// multiply-accumulates.

// dim_order 0, 1, ..., dim - 1 (rank 2, the usual one, in one compare).
__attribute__((always_inline)) inline bool contiguous(const Tensor& t) {
  const uint8_t* order = t.dim_order;
  if (t.dim == 2) return order[0] == 0 && order[1] == 1;
  return t.is_contiguous();
}

// weights [out, in] row-major and input [..., in] contiguous with the output
// of the input's rank.
inline bool linear_shapes_fit(const Tensor& input, const Tensor& weights, const Tensor& out) {
  return weights.dim == 2 && (weights.sizes[0] <= 1 || weights.strides[0] == weights.sizes[1]) &&
         (weights.sizes[1] <= 1 || weights.strides[1] == 1) && input.dim >= 1 &&
         contiguous(input) && input.sizes[input.dim - 1] == weights.sizes[1] &&
         out.dim == input.dim;
}

// out resized to input's sizes with the last one out_features (usually
// already its planned shape).
bool linear_output_sizes(KernelContext& ctx, const Tensor& input, int32_t out_features,
                         Tensor& out) {
  const int last = input.dim - 1;
  bool same = out.sizes[last] == out_features;
  for (int d = 0; same && d < last; ++d) same = out.sizes[d] == input.sizes[d];
  if (same) return true;
  int32_t out_sizes[kMaxRank];
  for (int d = 0; d < last; ++d) out_sizes[d] = input.sizes[d];
  out_sizes[last] = out_features;
  return resize_output(ctx, out, Span<const int32_t>(out_sizes, input.dim));
}

// Optional int32 tensor of `count` elements: *data is null for None.
__attribute__((noinline)) bool int32_vector_arg_mismatch(KernelContext& ctx,
                                                         const Span<EValue*>& args, size_t i,
                                                         const char* name, int32_t count,
                                                         const int32_t** data) {
  const Tensor* t = typed_tensor_arg(ctx, args, i, name, ScalarType::Int);
  if (t == nullptr || !int32_vector(ctx, *t, name, count)) return false;
  *data = t->data_as<const int32_t>();
  return true;
}
__attribute__((always_inline)) inline bool optional_int32_vector(KernelContext& ctx,
                                                                 const Span<EValue*>& args,
                                                                 size_t i, const char* name,
                                                                 int32_t count,
                                                                 const int32_t** data) {
  const EValue* v = args[i];
  *data = nullptr;
  if (v != nullptr && v->tag == Tag::None) return true;
  if (v != nullptr && v->tag == Tag::Tensor) {
    const Tensor* t = v->payload.as_tensor;
    if (t->dtype == ScalarType::Int && t->numel == static_cast<size_t>(count) &&
        t->data != nullptr) {
      *data = t->data_as<const int32_t>();
      return true;
    }
  }
  return int32_vector_arg_mismatch(ctx, args, i, name, count, data);
}

// Arguments 0-6 and 9-11.
__attribute__((always_inline)) inline bool linear_tensors(KernelContext& ctx, Span<EValue*> args,
                                                          LinearArgs* a) {
  if (args.size() != 13) return check_arg_count(ctx, args, {13});
  FullyConnectedParams& p = a->params;
  Tensor* input = typed_tensor_arg(ctx, args, 0, "input", ScalarType::Char);
  Tensor* weights =
      input != nullptr ? typed_tensor_arg(ctx, args, 1, "weights", ScalarType::Char) : nullptr;
  Tensor* out =
      weights != nullptr ? typed_tensor_arg(ctx, args, 11, "out", ScalarType::Char) : nullptr;
  if (out == nullptr || !int_arg(ctx, args, 4, "input_offset", -255, 255, &p.input_offset) ||
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
  const int32_t* kernel_sum = nullptr;
  if (!optional_int32_vector(ctx, args, 2, "bias", out_features, &a->bias) ||
      !linear_output_sizes(ctx, *input, out_features, *out)) {
    return false;
  }
  if (!contiguous(*out)) {
    WICK_LOG(Error, "%s: output must be contiguous", ctx.op_name());
    return fail_with(ctx);
  }
  if (a->bias == nullptr) {
    if (!optional_int32_vector(ctx, args, 3, "kernel_sum", out_features, &kernel_sum)) {
      return false;
    }
    if (kernel_sum != nullptr) {
      if (p.filter_offset != 0) {
        WICK_LOG(Error, "%s: kernel_sum requires filter_offset 0, got %d", ctx.op_name(),
                 static_cast<int>(p.filter_offset));
        return fail_with(ctx);
      }
      // kernel_sum already holds the input_offset term.
      a->bias = kernel_sum;
      p.input_offset = 0;
    }
  } else {
    // Unused, but still None or a Tensor with data.
    Tensor* unused = nullptr;
    if (!optional_tensor_arg(ctx, args, 3, "kernel_sum", &unused)) return false;
  }
  a->batches = static_cast<int32_t>(input->numel / static_cast<size_t>(in_features));
  a->in_features = in_features;
  a->out_features = out_features;
  a->input = input->data_as<const int8_t>();
  a->weights = weights->data_as<const int8_t>();
  a->output = out->data_as<int8_t>();
  return true;
}

}  // namespace

bool unpack_quantized_linear(KernelContext& ctx, Span<EValue*> args, LinearArgs* a) {
  return linear_tensors(ctx, args, a) &&
         linear_quant(ctx, args, a->out_features, a->small_quant, &a->quant);
}

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  LinearArgs a;  // filled by unpack_quantized_linear on success
  if (!unpack_quantized_linear(ctx, args, &a)) return;
  fully_connected_s8(a.params, a.quant, a.batches, a.in_features, a.out_features, a.input,
                     a.weights, a.bias, a.output);
}

}  // namespace cortex_m
}  // namespace wick
