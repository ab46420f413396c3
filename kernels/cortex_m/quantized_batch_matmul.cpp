// cortex_m::quantized_batch_matmul.out(Tensor lhs, int lhs_zero_point,
//     Tensor rhs_transposed, int rhs_zero_point, int output_zero_point,
//     int output_multiplier, int output_shift, Tensor scratch, *, Tensor(a!) out)
// 10 args; 9 before the scratch tensor (not read here). As in ExecuTorch's
// kernel, the two input "zero points" are passed to CMSIS-NN as offsets,
// i.e. added to the values (the exporter stores -zero_point there).
#include "kernels/cortex_m/batch_matmul_s8.h"
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/ops.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

void quantized_batch_matmul_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {10, 9})) return;
  Tensor* lhs = tensor_arg(ctx, args, 0, "lhs");
  Tensor* rhs = tensor_arg(ctx, args, 2, "rhs_transposed");
  Tensor* out = tensor_arg(ctx, args, args.size() - 2, "out");
  BatchMatmulParams p{};
  p.activation = Activation{kInt8Min, kInt8Max};
  if (lhs == nullptr || rhs == nullptr || out == nullptr ||
      !check_dtype(ctx, *lhs, "lhs", ScalarType::Char) ||
      !check_dtype(ctx, *rhs, "rhs_transposed", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !int_arg(ctx, args, 1, "lhs_zero_point", -255, 255, &p.lhs_offset) ||
      !int_arg(ctx, args, 3, "rhs_zero_point", -255, 255, &p.rhs_offset) ||
      !int_arg(ctx, args, 4, "output_zero_point", kInt8Min, kInt8Max, &p.output_offset) ||
      !int_arg(ctx, args, 5, "output_multiplier", INT32_MIN, INT32_MAX,
               &p.output_requant.multiplier) ||
      !int_arg(ctx, args, 6, "output_shift", kMinShift, kMaxShift, &p.output_requant.shift)) {
    return;
  }
  if (lhs->dim != 3 || rhs->dim != 3 || out->dim != 3 || !lhs->is_contiguous() ||
      !rhs->is_contiguous() || lhs->sizes[0] != rhs->sizes[0] || lhs->sizes[2] != rhs->sizes[2]) {
    WICK_LOG(Error,
             "%s: lhs [b, m, k] and rhs_transposed [b, n, k] must be contiguous rank-3 "
             "tensors with equal b and k",
             ctx.op_name());
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const int32_t out_sizes[3] = {lhs->sizes[0], lhs->sizes[1], rhs->sizes[1]};
  if (!set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, 3))) return;
  if (!out->is_contiguous()) {
    WICK_LOG(Error, "%s: output must be contiguous", ctx.op_name());
    ctx.fail(Error::InvalidArgument);
    return;
  }
  batch_matmul_s8(p, out_sizes[0], out_sizes[1], out_sizes[2], lhs->sizes[2],
                  lhs->data_as<const int8_t>(), rhs->data_as<const int8_t>(),
                  out->data_as<int8_t>());
}

}  // namespace cortex_m
}  // namespace wick
