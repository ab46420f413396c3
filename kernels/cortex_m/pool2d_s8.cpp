#include "kernels/cortex_m/pool2d_s8.h"

#include "kernels/cortex_m/requantize.h"

namespace wick {
namespace cortex_m {
namespace {

// Calls visit(value) for each input element of channel c inside the window
// of output (n, oy, ox).
template <typename Visit>
void for_each_in_window(const PoolParams& p, const Dims4& in_dims, const int8_t* input, int32_t n,
                        int32_t oy, int32_t ox, int32_t c, Visit visit) {
  for (int32_t ky = 0; ky < p.kernel.h; ++ky) {
    const int32_t iy = oy * p.stride.h - p.padding.h + ky * p.dilation.h;
    if (iy < 0 || iy >= in_dims.h) continue;
    for (int32_t kx = 0; kx < p.kernel.w; ++kx) {
      const int32_t ix = ox * p.stride.w - p.padding.w + kx * p.dilation.w;
      if (ix < 0 || ix >= in_dims.w) continue;
      visit(input[((int64_t{n} * in_dims.h + iy) * in_dims.w + ix) * in_dims.c + c]);
    }
  }
}

template <typename Reduce>
void pool2d(const PoolParams& p, const Dims4& in_dims, const int8_t* input, const Dims4& out_dims,
            int8_t* output, Reduce reduce) {
  for (int32_t n = 0; n < out_dims.n; ++n) {
    for (int32_t oy = 0; oy < out_dims.h; ++oy) {
      for (int32_t ox = 0; ox < out_dims.w; ++ox) {
        int8_t* out = output + ((int64_t{n} * out_dims.h + oy) * out_dims.w + ox) * out_dims.c;
        for (int32_t c = 0; c < out_dims.c; ++c) {
          const int32_t value = reduce(n, oy, ox, c);
          out[c] = static_cast<int8_t>(clamp_int32(value, p.activation.min, p.activation.max));
        }
      }
    }
  }
}

}  // namespace

int32_t pool_output_size(int32_t input, int32_t kernel, int32_t stride, int32_t padding,
                         int32_t dilation, bool ceil_mode) {
  const int64_t span = int64_t{dilation} * (kernel - 1) + 1;
  const int64_t room = int64_t{input} + 2 * int64_t{padding} - span;
  if (room < 0 || stride <= 0) return 0;
  int64_t size = room / stride + 1;
  if (ceil_mode && room % stride != 0) {
    ++size;
    if ((size - 1) * stride >= int64_t{input} + padding) --size;
  }
  return static_cast<int32_t>(size);
}

void avg_pool2d_s8(const PoolParams& p, const Dims4& in_dims, const int8_t* input,
                   const Dims4& out_dims, int8_t* output) {
  pool2d(p, in_dims, input, out_dims, output, [&](int32_t n, int32_t oy, int32_t ox, int32_t c) {
    int32_t sum = 0;
    int32_t count = 0;
    for_each_in_window(p, in_dims, input, n, oy, ox, c, [&](int32_t v) {
      sum += v;
      ++count;
    });
    if (count == 0) return int32_t{0};
    return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  });
}

void max_pool2d_s8(const PoolParams& p, const Dims4& in_dims, const int8_t* input,
                   const Dims4& out_dims, int8_t* output) {
  pool2d(p, in_dims, input, out_dims, output, [&](int32_t n, int32_t oy, int32_t ox, int32_t c) {
    int32_t max = kInt8Min;
    for_each_in_window(p, in_dims, input, n, oy, ox, c,
                       [&](int32_t v) { max = v > max ? v : max; });
    return max;
  });
}

}  // namespace cortex_m
}  // namespace wick
