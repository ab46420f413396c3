#include "kernels/portable/util/matmul.h"

#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/gemm.h"
#include "kernels/portable/util/math.h"

namespace wick {
namespace portable {
namespace {

template <typename CT>
void matmul_generic(const View& a, const View& b, const View& c, double alpha) {
  const int64_t es = static_cast<int64_t>(element_size(a.dtype));
  const int64_t m = a.sizes[0], k = a.sizes[1], n = b.sizes[1];
  const CT al = static_cast<CT>(alpha);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      CT sum = CT(0);
      for (int64_t q = 0; q < k; ++q) {
        const CT av = load_as<CT>(a.data + (i * a.strides[0] + q * a.strides[1]) * es, a.dtype);
        const CT bv = load_as<CT>(b.data + (q * b.strides[0] + j * b.strides[1]) * es, b.dtype);
        sum = wrap_add<CT>(sum, wrap_mul<CT>(av, bv));
      }
      char* cp = c.data + (i * c.strides[0] + j * c.strides[1]) * es;
      store_as<CT>(cp, c.dtype, wrap_add<CT>(load_as<CT>(cp, c.dtype), wrap_mul<CT>(al, sum)));
    }
  }
}

}  // namespace

bool matmul_dtype_ok(ScalarType a, ScalarType b, ScalarType out) {
  return a == b && a == out && (is_floating(a) || is_integral(a, false));
}

void matmul_accumulate(const View& a, const View& b, const View& c, double alpha) {
  if (a.dtype == ScalarType::Float) {
    GemmParams p;
    p.m = a.sizes[0];
    p.k = a.sizes[1];
    p.n = b.sizes[1];
    p.a_row = a.strides[0];
    p.a_col = a.strides[1];
    p.b_row = b.strides[0];
    p.b_col = b.strides[1];
    p.c_row = c.strides[0];
    p.c_col = c.strides[1];
    p.alpha = static_cast<float>(alpha);
    gemm_f32(p, reinterpret_cast<const float*>(a.data), reinterpret_cast<const float*>(b.data),
             reinterpret_cast<float*>(c.data));
    return;
  }
  switch_compute_type(a.dtype, [&](auto tag) {
    matmul_generic<typename decltype(tag)::type>(a, b, c, alpha);
  });
}

}  // namespace portable
}  // namespace wick
