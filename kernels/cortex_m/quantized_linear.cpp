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

// FullyConnectedParams field by field (activation_max comes first in the
// schema, but is checked against activation_min).
constexpr IntArg kLinearInts[] = {
    {4, kScalarArg, -255, 255, "input_offset"},
    {5, kScalarArg, -255, 255, "filter_offset"},
    {6, kScalarArg, kInt8Min, kInt8Max, "output_offset"},
    {10, kScalarArg, kInt8Min, kInt8Max, "activation_min"},
    {9, kAtLeastPreviousArg, 0, kInt8Max, "activation_max"},
};

// The tensor arguments, in this order everywhere below: input, weights,
// bias, kernel_sum (both optional int32) and out.
constexpr uint8_t kTensorArgs[] = {0, 1, 2, 3, 11};
constexpr const char* kTensorNames[] = {"input", "weights", "bias", "kernel_sum", "out"};
constexpr bool is_optional_vector(int i) { return i == 2 || i == 3; }

// The requantization lists: every item within [lo, hi].
struct QuantList {
  int64_t lo;
  int64_t hi;
  const char* name;
  uint8_t index;
};
constexpr QuantList kQuantLists[] = {
    {INT32_MIN, INT32_MAX, "requantize_multipliers", 7},
    {kMinShift, kMaxShift, "requantize_shifts", 8},
};

// The requantization lists as int32 arrays (in `small` when out_features <=
// kSmallLinearFeatures, else in temp memory, which is the method arena when
// prepared at load), a single (per-tensor) pair repeated for every output
// feature.
bool linear_quant(KernelContext& ctx, const Span<EValue*>& args, int32_t out_features,
                  int32_t* small, PerChannelQuant* quant) {
  int32_t* multipliers = out_features <= kSmallLinearFeatures
                             ? small
                             : static_cast<int32_t*>(temp_memory(
                                   ctx, 2 * sizeof(int32_t) * static_cast<size_t>(out_features)));
  if (multipliers == nullptr) return false;
  int32_t* shifts = multipliers + out_features;
  // One multiplier: per tensor; anything else must be one per feature
  // (int_list_arg names the type or count mismatch).
  const EValue* first = args[7];
  const int32_t count =
      first != nullptr && first->is_int_list() && first->payload.as_int_list.size == 1
          ? 1
          : out_features;
  for (int j = 0; j < 2; ++j) {
    const QuantList& list = kQuantLists[j];
    int32_t* items = multipliers + j * out_features;
    if (!int_list_arg(ctx, args, list.index, list.name, static_cast<size_t>(count), list.lo,
                      list.hi, items)) {
      return false;
    }
    for (int32_t o = count; o < out_features; ++o) items[o] = items[0];
  }
  *quant = PerChannelQuant{multipliers, shifts};
  return true;
}

}  // namespace

// Weights [out, in] row-major, input [..., in] and the output contiguous,
// the output resized to the input's sizes with the last one out_features.
bool unpack_quantized_linear(KernelContext& ctx, Span<EValue*> args, LinearArgs* a) {
  if (!check_arg_count(ctx, args, {13})) return false;
  Tensor* t[5];
  for (int i = 0; i < 5; ++i) {
    const EValue* v = args[kTensorArgs[i]];
    t[i] = nullptr;
    if (is_optional_vector(i) && v != nullptr && v->is_none()) continue;
    t[i] = typed_tensor_arg(ctx, args, kTensorArgs[i], kTensorNames[i],
                            is_optional_vector(i) ? ScalarType::Int : ScalarType::Char);
    if (t[i] == nullptr) return false;
  }
  int32_t ints[5];
  if (!int_args(ctx, args, kLinearInts, ints)) return false;
  a->params = FullyConnectedParams{ints[0], ints[1], ints[2], Activation{ints[3], ints[4]}};
  const Tensor& input = *t[0];
  const Tensor& weights = *t[1];
  Tensor& out = *t[4];
  const int rank = input.dim;
  // weights.sizes[0] is out_features, weights.sizes[1] in_features.
  if (weights.dim != 2 || rank < 1 || !weights.is_contiguous() || !input.is_contiguous() ||
      !out.is_contiguous() || input.sizes[rank - 1] != weights.sizes[1] || weights.sizes[0] <= 0 ||
      weights.sizes[1] <= 0 ||
      (t[2] != nullptr && t[2]->numel != static_cast<size_t>(weights.sizes[0])) ||
      (t[3] != nullptr && t[3]->numel != static_cast<size_t>(weights.sizes[0]))) {
    return reject(ctx,
                  "%s: input [..., in] (rank %d), weights [out, in] (rank %d), bias and "
                  "kernel_sum [out] and out must be contiguous and non-empty with matching sizes",
                  ctx.op_name(), rank, static_cast<int>(weights.dim));
  }
  const int32_t in_features = weights.sizes[1];
  const int32_t out_features = weights.sizes[0];
  int32_t out_sizes[kMaxRank];
  memcpy(out_sizes, input.sizes, sizeof(int32_t) * rank);
  out_sizes[rank - 1] = out_features;
  if (!set_output_sizes(ctx, out, Span<const int32_t>(out_sizes, rank))) return false;
  const int32_t* bias = t[2] != nullptr ? t[2]->data_as<const int32_t>() : nullptr;
  if (bias == nullptr && t[3] != nullptr) {
    if (a->params.filter_offset != 0) {
      return reject(ctx, "%s: kernel_sum requires filter_offset 0", ctx.op_name());
    }
    // kernel_sum already holds the input_offset term.
    bias = t[3]->data_as<const int32_t>();
    a->params.input_offset = 0;
  }
  a->bias = bias;
  a->batches = static_cast<int32_t>(input.numel / static_cast<size_t>(in_features));
  a->in_features = in_features;
  a->out_features = out_features;
  a->weights = weights.data_as<const int8_t>();
  return linear_quant(ctx, args, out_features, a->small_quant, &a->quant);
}

namespace {

// What prepare_quantized_linear keeps for an instruction: its arguments,
// checked and converted, and the tensors they were read from (null for
// None), in kTensorArgs order.
struct PreparedLinear {
  LinearArgs args;
  const Tensor* tensors[5];
};

// kernel_sum[o] = bias[o] + input_offset * (sum_k w[o][k] + filter_offset * k),
// in wrapping int32 like the accumulator: the call then runs with input
// offset 0 and no weight sums (CMSIS-NN's precomputed kernel sums).
void fold_input_offset(int32_t* sums, LinearArgs* a) {
  const uint32_t input_offset = static_cast<uint32_t>(a->params.input_offset);
  const uint32_t row_offset =
      static_cast<uint32_t>(a->params.filter_offset) * static_cast<uint32_t>(a->in_features);
  const int8_t* w = a->weights;
  const int8_t* const end = w + static_cast<int64_t>(a->out_features) * a->in_features;
  const int32_t* bias = a->bias;
  for (int32_t* sum = sums; w != end; ++sum) {
    uint32_t row = row_offset;
    for (const int8_t* row_end = w + a->in_features; w != row_end; ++w) {
      row += static_cast<uint32_t>(*w);
    }
    *sum = static_cast<int32_t>((bias != nullptr ? static_cast<uint32_t>(*bias++) : 0) +
                                input_offset * row);
  }
  a->bias = sums;
  a->params.input_offset = 0;
}

}  // namespace

Error prepare_quantized_linear(PrepareContext& pc, Span<EValue* const> args) {
  // Tensors that move or change shape (caller-provided inputs, dynamic
  // shapes) are left to the per-call path: input, weights and out must be
  // static and in place now.
  if (args.size() != 13) return Error::Ok;
  static constexpr uint8_t kPlacedArgs[] = {0, 1, 11};  // input, weights, out
  for (uint8_t index : kPlacedArgs) {
    const EValue* v = args[index];
    if (v == nullptr || !v->is_tensor() || v->to_tensor().data == nullptr ||
        v->to_tensor().dynamism != ShapeDynamism::Static) {
      return Error::Ok;
    }
  }
  void* memory = pc.persistent->allocate(sizeof(PreparedLinear), alignof(PreparedLinear));
  if (memory != nullptr) {
    PreparedLinear* prepared = new (memory) PreparedLinear;
    // Converted quantization lists beyond LinearArgs::small_quant come from
    // the persistent arena here, not from temp memory.
    KernelContext ctx(pc.persistent, pc.op_name);
    const Span<EValue*> values(const_cast<EValue**>(args.data()), args.size());
    LinearArgs& a = prepared->args;
    if (!unpack_quantized_linear(ctx, values, &a)) return ctx.failure();
    for (int i = 0; i < 5; ++i) prepared->tensors[i] = args[kTensorArgs[i]]->to_optional_tensor();
    // A non-zero input offset means a.bias is the program's bias (or null):
    // weights and bias must be constant.
    bool fold = a.params.input_offset != 0;
    for (int i = 1; fold && i < 3; ++i) {
      fold = prepared->tensors[i] == nullptr || pc.is_constant(*prepared->tensors[i]);
    }
    int32_t* sums =
        fold ? pc.persistent->allocate_array<int32_t>(static_cast<size_t>(a.out_features))
             : nullptr;
    if (!fold || sums != nullptr) {
      if (fold) fold_input_offset(sums, &a);
      pc.prepared = prepared;
      return Error::Ok;
    }
  }
  WICK_LOG(Error, "%s: method arena too small (%lu more bytes needed)", pc.op_name,
           static_cast<unsigned long>(pc.persistent->shortfall()));
  return Error::MemoryAllocationFailed;
}

void run_quantized_linear(KernelContext& ctx, Span<EValue*> args, FullyConnectedFn math) {
  const PreparedLinear* prepared = static_cast<const PreparedLinear*>(ctx.prepared());
  // A Move instruction can rebind a value: the prepared arguments hold only
  // while the call sees the same tensors (None where prepare saw None).
  bool same = prepared != nullptr;
  for (int i = 0; same && i < 5; ++i) {
    const EValue* v = args[kTensorArgs[i]];
    const Tensor* t = prepared->tensors[i];
    same = t != nullptr ? v->tag == Tag::Tensor && v->payload.as_tensor == t : v->tag == Tag::None;
  }
  LinearArgs local;
  const LinearArgs* a = &local;
  if (same && prepared->tensors[0]->data != nullptr && prepared->tensors[4]->data != nullptr) {
    a = &prepared->args;
  } else if (!unpack_quantized_linear(ctx, args, &local)) {
    return;
  }
  // Both paths have checked that input and out are tensors.
  const int8_t* input = args[0]->payload.as_tensor->data_as<const int8_t>();
  int8_t* output = args[11]->payload.as_tensor->data_as<int8_t>();
  math(a->params, a->quant, a->batches, a->in_features, a->out_features, input, a->weights, a->bias,
       output);
}

void quantized_linear_out(KernelContext& ctx, Span<EValue*> args) {
  run_quantized_linear(ctx, args, &fully_connected_s8);
}

}  // namespace cortex_m
}  // namespace wick
