// cortex_m::quantized_div.out(Tensor self, int self_zero_point, Tensor other,
//     int other_zero_point, int output_zero_point, float output_scale, *, Tensor(a!) out)
// 8 args. A later revision carries the scale as (int output_multiplier,
// int output_shift) instead: 9 args, scale = multiplier / 2^31 * 2^shift.
#include <math.h>

#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/div_s8.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {

void quantized_div_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {8, 9})) return;
  const bool fixed_point_scale = args.size() == 9;
  Tensor* a = tensor_arg(ctx, args, 0, "self");
  Tensor* b = tensor_arg(ctx, args, 2, "other");
  Tensor* out = tensor_arg(ctx, args, fixed_point_scale ? 7 : 6, "out");
  DivParams p{};
  if (a == nullptr || b == nullptr || out == nullptr ||
      !int_arg(ctx, args, 1, "self_zero_point", kInt8Min, kInt8Max, &p.a_zero_point) ||
      !int_arg(ctx, args, 3, "other_zero_point", kInt8Min, kInt8Max, &p.b_zero_point) ||
      !int_arg(ctx, args, 4, "output_zero_point", kInt8Min, kInt8Max, &p.output_zero_point)) {
    return;
  }
  if (fixed_point_scale) {
    Requant r{};
    if (!int_arg(ctx, args, 5, "output_multiplier", INT32_MIN, INT32_MAX, &r.multiplier) ||
        !int_arg(ctx, args, 6, "output_shift", kMinShift, kMaxShift, &r.shift)) {
      return;
    }
    p.scale =
        ldexpf(static_cast<float>(r.multiplier) / static_cast<float>(int64_t{1} << 31), r.shift);
  } else {
    double scale = 0.0;
    if (!double_arg(ctx, args, 5, "output_scale", &scale)) return;
    p.scale = static_cast<float>(scale);
  }
  StridedShape shape{};
  if (!check_dtype(ctx, *a, "self", ScalarType::Char) ||
      !check_dtype(ctx, *b, "other", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !broadcast_binary(ctx, *a, *b, *out, &shape)) {
    return;
  }
  div_s8(p, shape, a->data_as<const int8_t>(), b->data_as<const int8_t>(), out->data_as<int8_t>());
}

}  // namespace cortex_m
}  // namespace wick
