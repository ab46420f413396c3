#include "kernels/cortex_m/batch_matmul_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {

void batch_matmul_s8(const BatchMatmulParams& p, int32_t batch, int32_t rows, int32_t cols,
                     int32_t inner, const int8_t* lhs, const int8_t* rhs_transposed, int8_t* out) {
  for (int32_t b = 0; b < batch; ++b) {
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t* x = lhs + (int64_t{b} * rows + r) * inner;
      for (int32_t c = 0; c < cols; ++c) {
        const int8_t* y = rhs_transposed + (int64_t{b} * cols + c) * inner;
        int64_t acc = 0;
        for (int32_t k = 0; k < inner; ++k) {
          acc += (x[k] + p.lhs_offset) * (y[k] + p.rhs_offset);
        }
        const int32_t scaled =
            requantize(wrap_int32(acc), p.output_requant.multiplier, p.output_requant.shift);
        out[(int64_t{b} * rows + r) * cols + c] = static_cast<int8_t>(
            clamp_int32(add_wrap(scaled, p.output_offset), p.activation.min, p.activation.max));
      }
    }
  }
}

}  // namespace cortex_m
}  // namespace wick
