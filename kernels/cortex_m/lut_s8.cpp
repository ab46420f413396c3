#include "kernels/cortex_m/lut_s8.h"

namespace wick {
namespace cortex_m {

void lut_s8(const int8_t* table, const int8_t* in, int8_t* out, size_t count) {
  for (size_t i = 0; i < count; ++i) out[i] = table[in[i] + 128];
}

}  // namespace cortex_m
}  // namespace wick
