// executorch_prim unary scalar ops with Python semantics:
//   neg: same kind (Bool negates as Int); ceil/round/trunc: Int (round is
//   round-half-to-even, like Python's round(x)); sym_float: Double;
//   sym_int: Int (truncates); sym_not: Bool; sym_ite(c, a, b): a if c else b.
// Converting NaN or an out-of-range Double to Int fails, as Python raises.
#include <cmath>

#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {
namespace {

enum class ToInt { Ceil, Round, Trunc };

bool read_single(KernelContext& ctx, Span<EValue*> args, Number* a) {
  return check_prim_args(ctx, args, 2) && read_number(ctx, args, 0, a);
}

void to_int(KernelContext& ctx, Span<EValue*> args, ToInt mode) {
  Number a = Number::of_int(0);
  if (!read_single(ctx, args, &a)) return;
  if (a.is_int) {
    *args[1] = EValue::from_int(a.i);
    return;
  }
  const double r = mode == ToInt::Ceil    ? std::ceil(a.d)
                   : mode == ToInt::Round ? std::nearbyint(a.d)  // default mode: ties to even
                                          : std::trunc(a.d);
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
    // No %g: device printf formats floats through the heap.
    portable::fail_invalid(ctx, "cannot convert NaN, an infinity or a float beyond int64 to an integer");
    return;
  }
  *args[1] = EValue::from_int(static_cast<int64_t>(r));
}

}  // namespace

void neg_scalar(KernelContext& ctx, Span<EValue*> args) {
  Number a = Number::of_int(0);
  if (!read_single(ctx, args, &a)) return;
  write_number(args[1], a.is_int ? Number::of_int(static_cast<int64_t>(0 - static_cast<uint64_t>(a.i)))
                                 : Number::of_double(-a.d));
}

void ceil_scalar(KernelContext& ctx, Span<EValue*> args) { to_int(ctx, args, ToInt::Ceil); }
void round_scalar(KernelContext& ctx, Span<EValue*> args) { to_int(ctx, args, ToInt::Round); }
void trunc_scalar(KernelContext& ctx, Span<EValue*> args) { to_int(ctx, args, ToInt::Trunc); }
void sym_int_scalar(KernelContext& ctx, Span<EValue*> args) { to_int(ctx, args, ToInt::Trunc); }

void sym_float_scalar(KernelContext& ctx, Span<EValue*> args) {
  Number a = Number::of_int(0);
  if (!read_single(ctx, args, &a)) return;
  *args[1] = EValue::from_double(a.d);
}

void sym_not_scalar(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 2)) return;
  bool value = false;
  if (!portable::get_bool(ctx, args, 0, "self", &value)) return;
  *args[1] = EValue::from_bool(!value);
}

void sym_ite_scalar(KernelContext& ctx, Span<EValue*> args) {
  if (!check_prim_args(ctx, args, 4)) return;
  bool cond = false;
  Number a = Number::of_int(0);
  Number b = a;
  if (!portable::get_bool(ctx, args, 0, "cond", &cond) || !read_number(ctx, args, 1, &a) ||
      !read_number(ctx, args, 2, &b)) {
    return;
  }
  write_number(args[3], cond ? a : b);
}

}  // namespace prim
}  // namespace wick
