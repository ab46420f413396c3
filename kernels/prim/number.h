// Python numbers as prim ops see them: Int (Bool counts as Int) or Double.
#pragma once

#include <stdint.h>

#include "kernels/portable/util/args.h"
#include "wick/evalue.h"
#include "wick/kernel.h"

namespace wick {
namespace prim {

struct Number {
  bool is_int;
  int64_t i;
  double d;  // always valid: the value as a double

  static Number of_int(int64_t v) { return Number{true, v, static_cast<double>(v)}; }
  static Number of_double(double v) { return Number{false, 0, v}; }
};

inline bool read_number(KernelContext& ctx, Span<EValue*> args, size_t i, Number* out) {
  const EValue* v = i < args.size() ? args[i] : nullptr;
  if (v == nullptr || !v->is_scalar()) {
    return portable::fail_invalid(ctx, "argument %lu: expected Int, Double or Bool, got %s",
                                  static_cast<unsigned long>(i),
                                  v != nullptr ? tag_name(v->tag) : "null");
  }
  *out = v->is_double() ? Number::of_double(v->to_double()) : Number::of_int(v->scalar_as_int());
  return true;
}

inline void write_number(EValue* out, const Number& n) {
  *out = n.is_int ? EValue::from_int(n.i) : EValue::from_double(n.d);
}

// Checks args.size() == n and that none is null.
inline bool check_prim_args(KernelContext& ctx, Span<EValue*> args, size_t n) {
  return portable::check_arg_count(ctx, args, n, 0);
}

}  // namespace prim
}  // namespace wick
