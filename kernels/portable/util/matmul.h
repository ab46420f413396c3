// C += alpha * A @ B over 2-D views (element strides), shared by mm, bmm,
// addmm and linear. float32 runs the blocked gemm; other dtypes a plain loop
// in their compute type (float16/bfloat16 accumulate in float, integers wrap).
#pragma once

#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

// a: [m, k], b: [k, n], c: [m, n]; all three share one dtype.
void matmul_accumulate(const View& a, const View& b, const View& c, double alpha);

// Checks both are floating/integral dtypes the matmul ops support and equal.
bool matmul_dtype_ok(ScalarType a, ScalarType b, ScalarType out);

}  // namespace portable
}  // namespace wick
