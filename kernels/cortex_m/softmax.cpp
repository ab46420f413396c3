// cortex_m::softmax.out(Tensor input, int dim, int input_zero_point,
//     int output_zero_point, int input_multiplier, int input_shift, int diff_min,
//     *, Tensor(a!) out)
// 9 args. Only the last dim, which must also be innermost in memory. The
// output quantization is CMSIS-NN's fixed one (scale 1/256, zero point -128).
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/softmax_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {

bool unpack_softmax(KernelContext& ctx, Span<EValue*> args, SoftmaxArgs* a) {
  if (!check_arg_count(ctx, args, {9})) return false;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 7, "out");
  int64_t dim = 0;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  SoftmaxParams p{};
  if (in == nullptr || out == nullptr || !check_dtype(ctx, *in, "input", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) || !int64_arg(ctx, args, 1, "dim", &dim) ||
      !int_arg(ctx, args, 2, "input_zero_point", kInt8Min, kInt8Max, &input_zero_point) ||
      !int_arg(ctx, args, 3, "output_zero_point", kInt8Min, kInt8Max, &output_zero_point) ||
      !int_arg(ctx, args, 4, "input_multiplier", INT32_MIN, INT32_MAX, &p.input_multiplier) ||
      !int_arg(ctx, args, 5, "input_shift", 0, 30, &p.input_shift) ||
      !int_arg(ctx, args, 6, "diff_min", INT32_MIN, 0, &p.diff_min)) {
    return false;
  }
  const int64_t rank = in->dim;
  if (rank < 1 || (dim != rank - 1 && dim != -1) || in->dim_order[rank - 1] != rank - 1 ||
      in->sizes[rank - 1] < 1 || output_zero_point != kInt8Min) {
    WICK_LOG(Error,
             "%s: dim %lld of a rank-%lld input: only the last, innermost dim of a "
             "non-empty tensor, with output zero point -128 (got %d), is supported",
             ctx.op_name(), static_cast<long long>(dim), static_cast<long long>(rank),
             static_cast<int>(output_zero_point));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  if (!same_layout_output(ctx, *in, *out)) return false;
  const int32_t row_size = in->sizes[rank - 1];
  const int32_t rows = static_cast<int32_t>(in->numel / static_cast<size_t>(row_size));
  *a = SoftmaxArgs{p, in->data_as<const int8_t>(), rows, row_size, out->data_as<int8_t>()};
  return true;
}

void softmax_out(KernelContext& ctx, Span<EValue*> args) {
  SoftmaxArgs a{};
  if (!unpack_softmax(ctx, args, &a)) return;
  softmax_s8(a.params, a.input, a.rows, a.row_size, a.output);
}

}  // namespace cortex_m
}  // namespace wick
