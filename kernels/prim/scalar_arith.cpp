// executorch_prim::{add,sub,mul,truediv,floordiv,mod,sym_max,sym_min}.Scalar
// and {floordiv,mod}.int: Python arithmetic on Int/Double values. Int op Int
// stays Int (wrapping like int64); anything with a Double is a Double;
// truediv is always a Double. Division by zero fails as Python raises.
#include "kernels/portable/util/math.h"
#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {
namespace {

enum class Arith { Add, Sub, Mul, TrueDiv, FloorDiv, Mod, Max, Min };

uint64_t bits(int64_t v) { return static_cast<uint64_t>(v); }

Number apply_int(Arith op, int64_t a, int64_t b) {
  switch (op) {
    case Arith::Add: return Number::of_int(static_cast<int64_t>(bits(a) + bits(b)));
    case Arith::Sub: return Number::of_int(static_cast<int64_t>(bits(a) - bits(b)));
    case Arith::Mul: return Number::of_int(static_cast<int64_t>(bits(a) * bits(b)));
    case Arith::TrueDiv:
      return Number::of_double(static_cast<double>(a) / static_cast<double>(b));
    case Arith::FloorDiv: return Number::of_int(portable::div_floor_integer<int64_t>(a, b));
    case Arith::Mod: return Number::of_int(portable::remainder_integer<int64_t>(a, b));
    case Arith::Max: return Number::of_int(a > b ? a : b);
    case Arith::Min: return Number::of_int(a < b ? a : b);
  }
  return Number::of_int(0);
}

Number apply_double(Arith op, double a, double b) {
  switch (op) {
    case Arith::Add: return Number::of_double(a + b);
    case Arith::Sub: return Number::of_double(a - b);
    case Arith::Mul: return Number::of_double(a * b);
    case Arith::TrueDiv: return Number::of_double(a / b);
    case Arith::FloorDiv: return Number::of_double(portable::div_floor_floating<double>(a, b));
    case Arith::Mod: return Number::of_double(portable::remainder_floating<double>(a, b));
    // Python's max/min keep the first argument on ties and NaN comparisons.
    case Arith::Max: return Number::of_double(b > a ? b : a);
    case Arith::Min: return Number::of_double(b < a ? b : a);
  }
  return Number::of_double(0);
}

void run(KernelContext& ctx, Span<EValue*> args, Arith op, bool ints_only) {
  Number a = Number::of_int(0);
  Number b = a;
  if (!check_prim_args(ctx, args, 3) || !read_number(ctx, args, 0, &a) ||
      !read_number(ctx, args, 1, &b)) {
    return;
  }
  if (ints_only && !(a.is_int && b.is_int)) {
    portable::fail_invalid(ctx, "expected two Int arguments");
    return;
  }
  const bool divides = op == Arith::TrueDiv || op == Arith::FloorDiv || op == Arith::Mod;
  if (divides && b.d == 0.0) {
    portable::fail_invalid(ctx, "division by zero");
    return;
  }
  write_number(args[2], a.is_int && b.is_int ? apply_int(op, a.i, b.i)
                                             : apply_double(op, a.d, b.d));
}

}  // namespace

void add_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Add, false); }
void sub_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Sub, false); }
void mul_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Mul, false); }
void truediv_scalar(KernelContext& ctx, Span<EValue*> args) {
  run(ctx, args, Arith::TrueDiv, false);
}
void floordiv_scalar(KernelContext& ctx, Span<EValue*> args) {
  run(ctx, args, Arith::FloorDiv, false);
}
void mod_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Mod, false); }
void floordiv_int(KernelContext& ctx, Span<EValue*> args) {
  run(ctx, args, Arith::FloorDiv, true);
}
void mod_int(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Mod, true); }
void sym_max_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Max, false); }
void sym_min_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Arith::Min, false); }

}  // namespace prim
}  // namespace wick
