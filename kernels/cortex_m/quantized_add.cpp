// cortex_m::quantized_add.out(Tensor self, int self_zero_point, int self_multiplier,
//     int self_shift, Tensor other, int other_zero_point, int other_multiplier,
//     int other_shift, int output_zero_point, int output_multiplier, int output_shift,
//     int activation_min, int activation_max, *, Tensor(a!) out)
// 15 args. Before v1.3.0 there was no activation_min/max (13 args; the
// clamp is then the int8 range).
#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {
namespace {

// ExecuTorch aligns both inputs with a 20-bit left shift (TFLite's choice for int8).
constexpr int32_t kAddLeftShift = 20;

bool requant_args(KernelContext& ctx, Span<EValue*> args, size_t first, const char* zp_name,
                  const char* multiplier_name, const char* shift_name, int32_t* zero_point,
                  Requant* requant) {
  return int_arg(ctx, args, first, zp_name, kInt8Min, kInt8Max, zero_point) &&
         int_arg(ctx, args, first + 1, multiplier_name, INT32_MIN, INT32_MAX,
                 &requant->multiplier) &&
         int_arg(ctx, args, first + 2, shift_name, kMinShift, kMaxShift, &requant->shift);
}

}  // namespace

bool unpack_quantized_add(KernelContext& ctx, Span<EValue*> args, AddArgs* a) {
  if (!check_arg_count(ctx, args, {15, 13})) return false;
  const bool has_activation = args.size() == 15;
  const size_t out_index = has_activation ? 13 : 11;
  Tensor* self = tensor_arg(ctx, args, 0, "self");
  Tensor* other = tensor_arg(ctx, args, 4, "other");
  Tensor* out = tensor_arg(ctx, args, out_index, "out");
  AddParams p{};
  int32_t a_zp = 0;
  int32_t b_zp = 0;
  p.left_shift = kAddLeftShift;
  p.activation = Activation{kInt8Min, kInt8Max};
  if (self == nullptr || other == nullptr || out == nullptr ||
      !requant_args(ctx, args, 1, "self_zero_point", "self_multiplier", "self_shift", &a_zp,
                    &p.a_requant) ||
      !requant_args(ctx, args, 5, "other_zero_point", "other_multiplier", "other_shift", &b_zp,
                    &p.b_requant) ||
      !requant_args(ctx, args, 8, "output_zero_point", "output_multiplier", "output_shift",
                    &p.output_offset, &p.output_requant)) {
    return false;
  }
  if (has_activation &&
      (!int_arg(ctx, args, 11, "activation_min", kInt8Min, kInt8Max, &p.activation.min) ||
       !int_arg(ctx, args, 12, "activation_max", p.activation.min, kInt8Max, &p.activation.max))) {
    return false;
  }
  if (!int8_operands(ctx, *self, *other, *out, &a->x)) return false;
  p.a_offset = -a_zp;
  p.b_offset = -b_zp;
  a->params = p;
  return true;
}

void quantized_add_out(KernelContext& ctx, Span<EValue*> args) {
  AddArgs a{};
  if (!unpack_quantized_add(ctx, args, &a)) return;
  add_s8(a.params, a.x.shape, a.x.a, a.x.b, a.x.out);
}

}  // namespace cortex_m
}  // namespace wick
