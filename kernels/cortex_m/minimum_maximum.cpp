// cortex_m::minimum.out(Tensor self, Tensor other, *, Tensor(a!) out)
// cortex_m::maximum.out(Tensor self, Tensor other, *, Tensor(a!) out)
// 4 args each.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/minmax_s8.h"
#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {
namespace {

using MinMaxFn = void (*)(const StridedShape&, const int8_t*, const int8_t*, int8_t*);

void run_min_max(KernelContext& ctx, Span<EValue*> args, MinMaxFn fn) {
  if (!check_arg_count(ctx, args, {4})) return;
  Tensor* a = tensor_arg(ctx, args, 0, "self");
  Tensor* b = tensor_arg(ctx, args, 1, "other");
  Tensor* out = tensor_arg(ctx, args, 2, "out");
  StridedShape shape{};
  if (a == nullptr || b == nullptr || out == nullptr ||
      !check_dtype(ctx, *a, "self", ScalarType::Char) ||
      !check_dtype(ctx, *b, "other", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char) ||
      !broadcast_binary(ctx, *a, *b, *out, &shape)) {
    return;
  }
  fn(shape, a->data_as<const int8_t>(), b->data_as<const int8_t>(), out->data_as<int8_t>());
}

}  // namespace

void minimum_out(KernelContext& ctx, Span<EValue*> args) { run_min_max(ctx, args, &minimum_s8); }
void maximum_out(KernelContext& ctx, Span<EValue*> args) { run_min_max(ctx, args, &maximum_s8); }

}  // namespace cortex_m
}  // namespace wick
