#include "kernels/cortex_m/qdq_args.h"

#include "kernels/cortex_m/binding.h"

namespace wick {
namespace cortex_m {
namespace {

// out already has input's sizes and dim order (its planned shape), else the
// general same_layout_output (which resizes or reports).
bool qdq_layout(KernelContext& ctx, const Tensor& in, Tensor& out) {
  bool same = in.dim == out.dim;
  for (uint8_t d = 0; same && d < in.dim; ++d) {
    same = in.sizes[d] == out.sizes[d] && in.dim_order[d] == out.dim_order[d];
  }
  return same || same_layout_output(ctx, in, out);
}

}  // namespace

bool unpack_per_tensor_qdq(KernelContext& ctx, Span<EValue*> args, ScalarType in_dtype,
                           ScalarType out_dtype, PerTensorQdqArgs* a) {
  if (!check_arg_count(ctx, args, {8})) return false;
  Tensor* in = typed_tensor_arg(ctx, args, 0, "input", in_dtype);
  Tensor* out = in != nullptr ? typed_tensor_arg(ctx, args, 6, "out", out_dtype) : nullptr;
  int32_t dtype = 0;
  if (out == nullptr || !double_arg(ctx, args, 1, "scale", &a->scale) ||
      !int_arg(ctx, args, 2, "zero_point", kInt8Min, kInt8Max, &a->zero_point) ||
      !int_arg(ctx, args, 3, "quant_min", kInt8Min, kInt8Max, &a->quant_min) ||
      !int_arg(ctx, args, 4, "quant_max", a->quant_min, kInt8Max, &a->quant_max) ||
      !int_arg(ctx, args, 5, "dtype", static_cast<int>(ScalarType::Char),
               static_cast<int>(ScalarType::Char), &dtype) ||
      !qdq_layout(ctx, *in, *out)) {
    return false;
  }
  a->input = in;
  a->out = out;
  return true;
}

}  // namespace cortex_m
}  // namespace wick
