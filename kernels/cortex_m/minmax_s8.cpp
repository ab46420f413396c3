#include "kernels/cortex_m/minmax_s8.h"

namespace wick {
namespace cortex_m {

void minimum_s8(const StridedShape& shape, const int8_t* a, const int8_t* b, int8_t* out) {
  for_each_index(
      shape, [&](int64_t ia, int64_t ib, int64_t io) { out[io] = a[ia] < b[ib] ? a[ia] : b[ib]; });
}

void maximum_s8(const StridedShape& shape, const int8_t* a, const int8_t* b, int8_t* out) {
  for_each_index(
      shape, [&](int64_t ia, int64_t ib, int64_t io) { out[io] = a[ia] > b[ib] ? a[ia] : b[ib]; });
}

}  // namespace cortex_m
}  // namespace wick
