#include "kernels/cortex_m/transpose_s8.h"

namespace wick {
namespace cortex_m {

void transpose_s8(const StridedShape& shape, const int8_t* in, int8_t* out) {
  for_each_index(shape, [&](int64_t ii, int64_t, int64_t io) { out[io] = in[ii]; });
}

}  // namespace cortex_m
}  // namespace wick
