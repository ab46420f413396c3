// Elementwise maps over Loops: out = op(in...) computed in type CT. Rows whose
// operands all store CT run a typed loop (vectorisable when contiguous);
// others convert each element with PyTorch's cast rules.
#pragma once

#include <stdint.h>

#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

// Loop operand 0 is the output (dtype out_t), operand 1 the input (in_t).
// op maps CT -> R, R being what gets stored (CT unless the op changes type).
template <typename CT, typename Op>
void map_unary(const Loop<2>& loop, ScalarType out_t, ScalarType in_t, Op op) {
  using R = decltype(op(CT{}));
  const bool typed = in_t == dtype_of<CT>() && out_t == dtype_of<R>();
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    if (typed && s[0] == static_cast<int64_t>(sizeof(R)) &&
        s[1] == static_cast<int64_t>(sizeof(CT))) {
      R* out = reinterpret_cast<R*>(p[0]);
      const CT* in = reinterpret_cast<const CT*>(p[1]);
      for (int64_t i = 0; i < n; ++i) out[i] = op(in[i]);
    } else if (typed) {
      for (int64_t i = 0; i < n; ++i) {
        *reinterpret_cast<R*>(p[0] + i * s[0]) = op(*reinterpret_cast<const CT*>(p[1] + i * s[1]));
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        store_as<R>(p[0] + i * s[0], out_t, op(load_as<CT>(p[1] + i * s[1], in_t)));
      }
    }
  });
}

// Loop operands: 0 = out, 1 = a, 2 = b.
template <typename CT, typename Op>
void map_binary(const Loop<3>& loop, ScalarType out_t, ScalarType a_t, ScalarType b_t, Op op) {
  using R = decltype(op(CT{}, CT{}));
  const bool typed = a_t == dtype_of<CT>() && b_t == dtype_of<CT>() && out_t == dtype_of<R>();
  constexpr int64_t kR = sizeof(R);
  constexpr int64_t kC = sizeof(CT);
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    if (typed && s[0] == kR && s[1] == kC && (s[2] == kC || s[2] == 0)) {
      R* out = reinterpret_cast<R*>(p[0]);
      const CT* a = reinterpret_cast<const CT*>(p[1]);
      const CT* b = reinterpret_cast<const CT*>(p[2]);
      if (s[2] == 0) {
        const CT bv = *b;
        for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], bv);
      } else {
        for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i]);
      }
    } else if (typed && s[0] == kR && s[1] == 0 && s[2] == kC) {
      R* out = reinterpret_cast<R*>(p[0]);
      const CT av = *reinterpret_cast<const CT*>(p[1]);
      const CT* b = reinterpret_cast<const CT*>(p[2]);
      for (int64_t i = 0; i < n; ++i) out[i] = op(av, b[i]);
    } else if (typed) {
      for (int64_t i = 0; i < n; ++i) {
        *reinterpret_cast<R*>(p[0] + i * s[0]) =
            op(*reinterpret_cast<const CT*>(p[1] + i * s[1]),
               *reinterpret_cast<const CT*>(p[2] + i * s[2]));
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        store_as<R>(p[0] + i * s[0], out_t,
                    op(load_as<CT>(p[1] + i * s[1], a_t), load_as<CT>(p[2] + i * s[2], b_t)));
      }
    }
  });
}

}  // namespace portable
}  // namespace wick
