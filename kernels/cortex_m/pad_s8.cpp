#include "kernels/cortex_m/pad_s8.h"

namespace wick {
namespace cortex_m {

void pad_s8(const StridedShape& input_shape, const int8_t* in, int8_t* out, int64_t out_offset,
            int64_t out_count, int8_t pad_value) {
  for (int64_t i = 0; i < out_count; ++i) out[i] = pad_value;
  int8_t* window = out + out_offset;
  for_each_index(input_shape, [&](int64_t ii, int64_t, int64_t io) { window[io] = in[ii]; });
}

}  // namespace cortex_m
}  // namespace wick
