// Helium binding: the reference binding's checks (kernels/cortex_m/quantized_mul.cpp),
// then the mve math.
// cortex_m::quantized_mul.out(Tensor self, int self_zero_point, Tensor other,
//     int other_zero_point, int output_zero_point, int output_multiplier,
//     int output_shift, *, Tensor(a!) out)
// 9 args in every release (Scalar-typed before v1.2.0). The clamp is the int8 range.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/mul_s8.h"
#include "kernels/cortex_m/mve/kernels.h"
#include "kernels/cortex_m/mve/ops.h"

namespace wick {
namespace cortex_m {
namespace mve {

void quantized_mul_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, {9})) return;
  Tensor* a = tensor_arg(ctx, args, 0, "self");
  Tensor* b = tensor_arg(ctx, args, 2, "other");
  Tensor* out = tensor_arg(ctx, args, 7, "out");
  MulParams p{};
  int32_t a_zp = 0;
  int32_t b_zp = 0;
  p.activation = Activation{kInt8Min, kInt8Max};
  StridedShape shape{};
  if (a == nullptr || b == nullptr || out == nullptr ||
      !int_arg(ctx, args, 1, "self_zero_point", kInt8Min, kInt8Max, &a_zp) ||
      !int_arg(ctx, args, 3, "other_zero_point", kInt8Min, kInt8Max, &b_zp) ||
      !int_arg(ctx, args, 4, "output_zero_point", kInt8Min, kInt8Max, &p.output_offset) ||
      !int_arg(ctx, args, 5, "output_multiplier", INT32_MIN, INT32_MAX,
               &p.output_requant.multiplier) ||
      !int_arg(ctx, args, 6, "output_shift", kMinShift, kMaxShift, &p.output_requant.shift) ||
      !check_dtype(ctx, *a, "self", ScalarType::Char) ||
      !check_dtype(ctx, *b, "other", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !broadcast_binary(ctx, *a, *b, *out, &shape)) {
    return;
  }
  p.a_offset = -a_zp;
  p.b_offset = -b_zp;
  mve::mul_s8(p, shape, a->data_as<const int8_t>(), b->data_as<const int8_t>(),
              out->data_as<int8_t>());
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
