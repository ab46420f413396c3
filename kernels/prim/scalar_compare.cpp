// executorch_prim::{eq,gt,ge,lt,le}.Scalar: Python comparisons of Int/Double
// values; the result is a Bool. Two Ints compare exactly as int64.
#include "kernels/prim/number.h"
#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {
namespace {

enum class Compare { Eq, Gt, Ge, Lt, Le };

template <typename T>
bool compare(Compare op, T a, T b) {
  switch (op) {
    case Compare::Eq: return a == b;
    case Compare::Gt: return a > b;
    case Compare::Ge: return a >= b;
    case Compare::Lt: return a < b;
    case Compare::Le: return a <= b;
  }
  return false;
}

void run(KernelContext& ctx, Span<EValue*> args, Compare op) {
  Number a = Number::of_int(0);
  Number b = a;
  if (!check_prim_args(ctx, args, 3) || !read_number(ctx, args, 0, &a) ||
      !read_number(ctx, args, 1, &b)) {
    return;
  }
  const bool result = a.is_int && b.is_int ? compare(op, a.i, b.i) : compare(op, a.d, b.d);
  *args[2] = EValue::from_bool(result);
}

}  // namespace

void eq_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Compare::Eq); }
void gt_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Compare::Gt); }
void ge_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Compare::Ge); }
void lt_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Compare::Lt); }
void le_scalar(KernelContext& ctx, Span<EValue*> args) { run(ctx, args, Compare::Le); }

}  // namespace prim
}  // namespace wick
