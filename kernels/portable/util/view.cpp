#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

bool broadcast_shapes(const int32_t* a, int rank_a, const int32_t* b, int rank_b,
                      int32_t* sizes, int* rank) {
  const int r = rank_a > rank_b ? rank_a : rank_b;
  for (int i = 0; i < r; ++i) {
    const int da = rank_a - r + i;
    const int db = rank_b - r + i;
    const int32_t sa = da >= 0 ? a[da] : 1;
    const int32_t sb = db >= 0 ? b[db] : 1;
    if (sa != sb && sa != 1 && sb != 1) return false;
    sizes[i] = sa == 1 ? sb : sa;
  }
  *rank = r;
  return true;
}

bool broadcast_view(const Tensor& t, int rank, const int32_t* sizes, View* v) {
  if (t.dim > rank) return false;
  v->data = static_cast<char*>(t.data);
  v->dtype = t.dtype;
  v->rank = rank;
  const int lead = rank - t.dim;
  for (int i = 0; i < rank; ++i) {
    v->sizes[i] = sizes[i];
    if (i < lead) {
      v->strides[i] = 0;
      continue;
    }
    const int32_t own = t.sizes[i - lead];
    if (own == sizes[i]) {
      v->strides[i] = t.strides[i - lead];
    } else if (own == 1) {
      v->strides[i] = 0;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace portable
}  // namespace wick
