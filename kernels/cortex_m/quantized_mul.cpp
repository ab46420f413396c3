// cortex_m::quantized_mul.out(Tensor self, int self_zero_point, Tensor other,
//     int other_zero_point, int output_zero_point, int output_multiplier,
//     int output_shift, *, Tensor(a!) out)
// 9 args in every release (Scalar-typed before v1.2.0). The clamp is the int8 range.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/mul_s8.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {

bool unpack_quantized_mul(KernelContext& ctx, Span<EValue*> args, MulArgs* a) {
  if (!check_arg_count(ctx, args, {9})) return false;
  Tensor* self = tensor_arg(ctx, args, 0, "self");
  Tensor* other = tensor_arg(ctx, args, 2, "other");
  Tensor* out = tensor_arg(ctx, args, 7, "out");
  MulParams p{};
  int32_t a_zp = 0;
  int32_t b_zp = 0;
  p.activation = Activation{kInt8Min, kInt8Max};
  if (self == nullptr || other == nullptr || out == nullptr ||
      !int_arg(ctx, args, 1, "self_zero_point", kInt8Min, kInt8Max, &a_zp) ||
      !int_arg(ctx, args, 3, "other_zero_point", kInt8Min, kInt8Max, &b_zp) ||
      !int_arg(ctx, args, 4, "output_zero_point", kInt8Min, kInt8Max, &p.output_offset) ||
      !int_arg(ctx, args, 5, "output_multiplier", INT32_MIN, INT32_MAX,
               &p.output_requant.multiplier) ||
      !int_arg(ctx, args, 6, "output_shift", kMinShift, kMaxShift, &p.output_requant.shift) ||
      !int8_operands(ctx, *self, *other, *out, &a->x)) {
    return false;
  }
  p.a_offset = -a_zp;
  p.b_offset = -b_zp;
  a->params = p;
  return true;
}

void quantized_mul_out(KernelContext& ctx, Span<EValue*> args) {
  MulArgs a{};
  if (!unpack_quantized_mul(ctx, args, &a)) return;
  mul_s8(a.params, a.x.shape, a.x.a, a.x.b, a.x.out);
}

}  // namespace cortex_m
}  // namespace wick
