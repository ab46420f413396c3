#include "kernels/portable/util/promote.h"

namespace wick {
namespace portable {
namespace {

// Index of each supported dtype in the promotion table below.
int promotion_index(ScalarType t) {
  switch (t) {
    case ScalarType::Byte: return 0;
    case ScalarType::Char: return 1;
    case ScalarType::Short: return 2;
    case ScalarType::Int: return 3;
    case ScalarType::Long: return 4;
    case ScalarType::Half: return 5;
    case ScalarType::Float: return 6;
    case ScalarType::Double: return 7;
    case ScalarType::Bool: return 8;
    case ScalarType::BFloat16: return 9;
    default: return -1;
  }
}

}  // namespace

ScalarType promote_types(ScalarType a, ScalarType b) {
  constexpr ScalarType u1 = ScalarType::Byte, i1 = ScalarType::Char, i2 = ScalarType::Short,
                       i4 = ScalarType::Int, i8 = ScalarType::Long, f2 = ScalarType::Half,
                       f4 = ScalarType::Float, f8 = ScalarType::Double, b1 = ScalarType::Bool,
                       bf = ScalarType::BFloat16;
  // Rows and columns: u1 i1 i2 i4 i8 f2 f4 f8 b1 bf (c10/core/ScalarType.cpp).
  static constexpr ScalarType kTable[10][10] = {
      /* u1 */ {u1, i2, i2, i4, i8, f2, f4, f8, u1, bf},
      /* i1 */ {i2, i1, i2, i4, i8, f2, f4, f8, i1, bf},
      /* i2 */ {i2, i2, i2, i4, i8, f2, f4, f8, i2, bf},
      /* i4 */ {i4, i4, i4, i4, i8, f2, f4, f8, i4, bf},
      /* i8 */ {i8, i8, i8, i8, i8, f2, f4, f8, i8, bf},
      /* f2 */ {f2, f2, f2, f2, f2, f2, f4, f8, f2, f4},
      /* f4 */ {f4, f4, f4, f4, f4, f4, f4, f8, f4, f4},
      /* f8 */ {f8, f8, f8, f8, f8, f8, f8, f8, f8, f8},
      /* b1 */ {u1, i1, i2, i4, i8, f2, f4, f8, b1, bf},
      /* bf */ {bf, bf, bf, bf, bf, f4, f4, f8, bf, bf},
  };
  const int ia = promotion_index(a);
  const int ib = promotion_index(b);
  if (ia < 0 || ib < 0) return a;
  return kTable[ia][ib];
}

bool can_cast(ScalarType from, ScalarType to) {
  if (is_floating(from) && is_integral(to, true)) return false;
  if (from != ScalarType::Bool && to == ScalarType::Bool) return false;
  return true;
}

void ResultType::promote_into(ScalarType t, bool* has, ScalarType* acc) {
  *acc = *has ? promote_types(*acc, t) : t;
  *has = true;
}

void ResultType::add_tensor(const Tensor& t) {
  if (t.dim == 0) {
    promote_into(t.dtype, &has_zero_, &zero_);
  } else {
    promote_into(t.dtype, &has_dim_, &dim_);
  }
}

void ResultType::add_scalar(const Scalar& s) {
  // Wrapped numbers take the default dtypes: float32, int64, bool.
  const ScalarType t = s.is_floating() ? ScalarType::Float
                       : s.is_bool()   ? ScalarType::Bool
                                       : ScalarType::Long;
  promote_into(t, &has_wrapped_, &wrapped_);
}

namespace {
// c10 combine_categories(higher, lower) with "absent" operands.
void combine(bool has_higher, ScalarType higher, bool has_lower, ScalarType lower, bool* has_out,
             ScalarType* out) {
  *has_out = has_higher || has_lower;
  if (!has_higher) {
    *out = lower;
    return;
  }
  if (!has_lower || is_floating(higher)) {
    *out = higher;
    return;
  }
  if (higher == ScalarType::Bool || is_floating(lower)) {
    *out = promote_types(higher, lower);
    return;
  }
  *out = higher;
}
}  // namespace

ScalarType ResultType::get() const {
  bool has_low = false;
  ScalarType low = ScalarType::Bool;
  combine(has_zero_, zero_, has_wrapped_, wrapped_, &has_low, &low);
  bool has = false;
  ScalarType result = ScalarType::Float;
  combine(has_dim_, dim_, has_low, low, &has, &result);
  return has ? result : ScalarType::Float;
}

}  // namespace portable
}  // namespace wick
