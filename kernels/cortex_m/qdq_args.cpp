#include "kernels/cortex_m/qdq_args.h"

#include "kernels/cortex_m/binding.h"

namespace wick {
namespace cortex_m {
bool unpack_per_tensor_qdq(KernelContext& ctx, Span<EValue*> args, ScalarType in_dtype,
                           ScalarType out_dtype, PerTensorQdqArgs* a) {
  // zero_point, quant_min, quant_max, dtype (int8 only).
  static constexpr IntArg kQdqInts[] = {
      {2, kScalarArg, kInt8Min, kInt8Max, "zero_point"},
      {3, kScalarArg, kInt8Min, kInt8Max, "quant_min"},
      {4, kAtLeastPreviousArg, 0, kInt8Max, "quant_max"},
      {5, kScalarArg, static_cast<int32_t>(ScalarType::Char),
       static_cast<int32_t>(ScalarType::Char), "dtype"},
  };
  if (!check_arg_count(ctx, args, {8})) return false;
  Tensor* in = typed_tensor_arg(ctx, args, 0, "input", in_dtype);
  Tensor* out = in != nullptr ? typed_tensor_arg(ctx, args, 6, "out", out_dtype) : nullptr;
  int32_t ints[4];
  if (out == nullptr || !double_arg(ctx, args, 1, "scale", &a->scale) ||
      !int_args(ctx, args, kQdqInts, ints) || !same_layout_output(ctx, *in, *out)) {
    return false;
  }
  a->zero_point = ints[0];
  a->quant_min = ints[1];
  a->quant_max = ints[2];
  a->input = in;
  a->out = out;
  return true;
}

}  // namespace cortex_m
}  // namespace wick
