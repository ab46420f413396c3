// cortex_m::quantized_linear.out(Tensor input, Tensor weights, Tensor? bias,
//     Tensor? kernel_sum, int input_offset, int filter_offset, int output_offset,
//     int[] requantize_multipliers, int[] requantize_shifts, int activation_max,
//     int activation_min, *, Tensor(a!) out)
// 13 args (Scalar-typed in v1.1.0). Note activation_max comes first.
// One multiplier/shift means per-tensor requantization, out_features of them
// per-channel. kernel_sum (CMSIS-NN's Helium precomputation,
// sum_k w[o][k] * input_offset + bias[o]) is used only when bias is None;
// both give the same accumulator.
#include <string.h>

#include <new>

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

// The int-list requantization params as int32 arrays (in `small` when
// out_features <= kSmallLinearFeatures, else in temp memory, which is the
// method arena when prepared at load), a single (per-tensor) pair repeated
// for every output feature. The boxed items are read directly: IntList::get()
// would unbox each list again.
bool linear_quant(KernelContext& ctx, const Span<EValue*>& args, int32_t out_features,
                  int32_t* small, PerChannelQuant* quant) {
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
  for (int32_t o = 0; o < out_features; ++o) {
    const size_t k = count == 1 ? 0 : static_cast<size_t>(o);
    const int64_t multiplier = multiplier_list.boxed[k]->payload.as_int;
    const int64_t shift = shift_list.boxed[k]->payload.as_int;
    if (multiplier != static_cast<int32_t>(multiplier) || shift < kMinShift ||
        shift > kMaxShift) {
      WICK_LOG(Error,
               "%s: requantize_multipliers[%lu] = %lld or requantize_shifts[%lu] = %lld is "
               "out of range (int32, [-31, 31])",
               ctx.op_name(), static_cast<unsigned long>(k), static_cast<long long>(multiplier),
               static_cast<unsigned long>(k), static_cast<long long>(shift));
      return fail_with(ctx);
    }
    multipliers[o] = static_cast<int32_t>(multiplier);
    shifts[o] = static_cast<int32_t>(shift);
  }
  *quant = PerChannelQuant{multipliers, shifts};
  return true;
}

// FullyConnectedParams field by field (activation_max comes first in the
// schema, but is checked against activation_min).
constexpr IntArg kLinearInts[] = {
    {4, kScalarArg, -255, 255, "input_offset"},
    {5, kScalarArg, -255, 255, "filter_offset"},
    {6, kScalarArg, kInt8Min, kInt8Max, "output_offset"},
    {10, kScalarArg, kInt8Min, kInt8Max, "activation_min"},
    {9, kAtLeastPreviousArg, 0, kInt8Max, "activation_max"},
};
static_assert(sizeof(FullyConnectedParams) == 5 * sizeof(int32_t),
              "FullyConnectedParams is the table's five ints");

// Arguments 0-6 and 9-11: weights [out, in] row-major, input [..., in] and the
// output contiguous, the output resized to the input's sizes with the last
// one out_features.
bool linear_tensors(KernelContext& ctx, const Span<EValue*>& args, LinearArgs* a) {
  if (!check_arg_count(ctx, args, {13})) return false;
  Tensor* input = typed_tensor_arg(ctx, args, 0, "input", ScalarType::Char);
  Tensor* weights = typed_tensor_arg(ctx, args, 1, "weights", ScalarType::Char);
  Tensor* out = typed_tensor_arg(ctx, args, 11, "out", ScalarType::Char);
  int32_t ints[5];
  if (input == nullptr || weights == nullptr || out == nullptr ||
      !int_args(ctx, args, kLinearInts, ints)) {
    return false;
  }
  memcpy(&a->params, ints, sizeof(a->params));
  if (weights->dim != 2 || !weights->is_contiguous() || input->dim < 1 ||
      !input->is_contiguous() || input->sizes[input->dim - 1] != weights->sizes[1] ||
      weights->sizes[0] <= 0 || weights->sizes[1] <= 0) {
    WICK_LOG(Error,
             "%s: input [..., in] (rank %d) and weights [out, in] (rank %d) must be "
             "contiguous and non-empty with matching in_features",
             ctx.op_name(), static_cast<int>(input->dim), static_cast<int>(weights->dim));
    return fail_with(ctx);
  }
  const int32_t in_features = weights->sizes[1];
  const int32_t out_features = weights->sizes[0];
  int32_t out_sizes[kMaxRank];
  memcpy(out_sizes, input->sizes, sizeof(int32_t) * input->dim);
  out_sizes[input->dim - 1] = out_features;
  if (out->dim != input->dim ||
      !set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, input->dim))) {
    if (out->dim != input->dim) {
      WICK_LOG(Error, "%s: output of rank %d for an input of rank %d", ctx.op_name(),
               static_cast<int>(out->dim), static_cast<int>(input->dim));
      fail_with(ctx);
    }
    return false;
  }
  if (!out->is_contiguous()) {
    WICK_LOG(Error, "%s: output must be contiguous", ctx.op_name());
    return fail_with(ctx);
  }
  const int32_t* kernel_sum = nullptr;
  if (!optional_int32_vector(ctx, args, 2, "bias", out_features, &a->bias) ||
      !optional_int32_vector(ctx, args, 3, "kernel_sum", out_features, &kernel_sum)) {
    return false;
  }
  if (a->bias == nullptr && kernel_sum != nullptr) {
    if (a->params.filter_offset != 0) {
      WICK_LOG(Error, "%s: kernel_sum requires filter_offset 0, got %d", ctx.op_name(),
               static_cast<int>(a->params.filter_offset));
      return fail_with(ctx);
    }
    // kernel_sum already holds the input_offset term.
    a->bias = kernel_sum;
    a->params.input_offset = 0;
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

namespace {

// What prepare_quantized_linear keeps for an instruction: its arguments,
// checked and converted, and the tensors they were read from (bias and
// kernel_sum null for None).
struct PreparedLinear {
  LinearArgs args;
  const Tensor* input;
  const Tensor* weights;
  const Tensor* bias;
  const Tensor* kernel_sum;
  const Tensor* out;
};

// True while v still holds t (None for a null t).
bool holds(const EValue* v, const Tensor* t) {
  return t != nullptr ? v->tag == Tag::Tensor && v->payload.as_tensor == t : v->tag == Tag::None;
}

// Static-shaped tensor with its memory in place at load.
bool placed_static_tensor(const EValue* v) {
  return v != nullptr && v->is_tensor() && v->to_tensor().data != nullptr &&
         v->to_tensor().dynamism == ShapeDynamism::Static;
}

// kernel_sum[o] = bias[o] + input_offset * (sum_k w[o][k] + filter_offset * k),
// in wrapping int32 like the accumulator: the call then runs with input
// offset 0 and no weight sums (CMSIS-NN's precomputed kernel sums).
bool fold_input_offset(PrepareContext& pc, LinearArgs* a) {
  int32_t* sums = pc.persistent->allocate_array<int32_t>(static_cast<size_t>(a->out_features));
  if (sums == nullptr) {
    WICK_LOG(Error, "%s: method arena too small for %d kernel sums (%lu more bytes needed)",
             pc.op_name, static_cast<int>(a->out_features),
             static_cast<unsigned long>(pc.persistent->shortfall()));
    return false;
  }
  const FullyConnectedParams& p = a->params;
  for (int32_t o = 0; o < a->out_features; ++o) {
    const int8_t* w = a->weights + static_cast<int64_t>(o) * a->in_features;
    uint32_t sum = static_cast<uint32_t>(p.filter_offset) * static_cast<uint32_t>(a->in_features);
    for (int32_t k = 0; k < a->in_features; ++k) sum += static_cast<uint32_t>(w[k]);
    const uint32_t bias = a->bias != nullptr ? static_cast<uint32_t>(a->bias[o]) : 0;
    sums[o] = static_cast<int32_t>(bias + static_cast<uint32_t>(p.input_offset) * sum);
  }
  a->bias = sums;
  a->params.input_offset = 0;
  return true;
}

}  // namespace

Error prepare_quantized_linear(PrepareContext& pc, Span<EValue* const> args) {
  // Tensors that move or change shape (caller-provided inputs, dynamic
  // shapes) are left to the per-call path.
  if (args.size() != 13 || !placed_static_tensor(args[0]) || !placed_static_tensor(args[1]) ||
      !placed_static_tensor(args[11])) {
    return Error::Ok;
  }
  void* memory = pc.persistent->allocate(sizeof(PreparedLinear), alignof(PreparedLinear));
  if (memory == nullptr) {
    WICK_LOG(Error, "%s: method arena too small (%lu more bytes needed)", pc.op_name,
             static_cast<unsigned long>(pc.persistent->shortfall()));
    return Error::MemoryAllocationFailed;
  }
  PreparedLinear* prepared = new (memory) PreparedLinear;
  // Converted quantization lists beyond LinearArgs::small_quant come from
  // the persistent arena here, not from temp memory.
  KernelContext ctx(pc.persistent, pc.op_name);
  const Span<EValue*> values(const_cast<EValue**>(args.data()), args.size());
  if (!unpack_quantized_linear(ctx, values, &prepared->args)) return ctx.failure();
  LinearArgs& a = prepared->args;
  // A non-zero input offset means a.bias is the program's bias (or null).
  if (a.params.input_offset != 0 && pc.is_constant(args[1]->to_tensor()) &&
      (a.bias == nullptr || pc.is_constant(args[2]->to_tensor())) && !fold_input_offset(pc, &a)) {
    return Error::MemoryAllocationFailed;
  }
  prepared->input = args[0]->payload.as_tensor;
  prepared->weights = args[1]->payload.as_tensor;
  prepared->bias = args[2]->to_optional_tensor();
  prepared->kernel_sum = args[3]->to_optional_tensor();
  prepared->out = args[11]->payload.as_tensor;
  pc.prepared = prepared;
  return Error::Ok;
}

bool linear_call(KernelContext& ctx, Span<EValue*> args, LinearCall* call) {
  const PreparedLinear* prepared = static_cast<const PreparedLinear*>(ctx.prepared());
  // A Move instruction can rebind a value: the prepared arguments hold only
  // while the call sees the same tensors. Their data is read per call
  // (set_input and set_output_data_ptr may move it).
  if (prepared != nullptr && holds(args[0], prepared->input) &&
      holds(args[1], prepared->weights) && holds(args[2], prepared->bias) &&
      holds(args[3], prepared->kernel_sum) && holds(args[11], prepared->out) &&
      prepared->input->data != nullptr && prepared->out->data != nullptr) {
    call->a = &prepared->args;
    call->input = prepared->input->data_as<const int8_t>();
    call->output = prepared->out->data_as<int8_t>();
    return true;
  }
  if (!unpack_quantized_linear(ctx, args, &call->local)) return false;
  call->a = &call->local;
  call->input = call->local.input;
  call->output = call->local.output;
  return true;
}

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  LinearCall call;
  if (!linear_call(ctx, args, &call)) return;
  const LinearArgs& a = *call.a;
  fully_connected_s8(a.params, a.quant, a.batches, a.in_features, a.out_features, call.input,
                     a.weights, a.bias, call.output);
}

}  // namespace cortex_m
}  // namespace wick
