// MAX_POOL2D: the maximum over taps inside the input (padding never takes
// part); fp32 honours nan_mode.
#include <math.h>

#include "backends/tosa/ops/pool_common.h"

namespace wick {
namespace tosa {
namespace {

inline int8_t pool_max(int8_t a, int8_t b, bool) { return a > b ? a : b; }
inline float pool_max(float a, float b, bool propagate) {
  if (isnan(a) || isnan(b)) {
    if (propagate) return NAN;
    return isnan(a) ? b : a;
  }
  return a > b ? a : b;
}

template <typename T>
void max_pool2d(const PoolWindow& w, bool propagate, T initial, const T* in, T* out) {
  for (int32_t n = 0; n < w.n; ++n) {
    for (int32_t oy = 0; oy < w.oh; ++oy) {
      for (int32_t ox = 0; ox < w.ow; ++ox) {
        for (int32_t c = 0; c < w.c; ++c) {
          T acc = initial;
          for (int32_t ky = 0; ky < w.kernel_y; ++ky) {
            const int32_t y = oy * w.stride_y - w.pad_top + ky;
            if (y < 0 || y >= w.ih) continue;
            for (int32_t kx = 0; kx < w.kernel_x; ++kx) {
              const int32_t x = ox * w.stride_x - w.pad_left + kx;
              if (x < 0 || x >= w.iw) continue;
              acc = pool_max(acc, in[((static_cast<size_t>(n) * w.ih + y) * w.iw + x) * w.c + c],
                             propagate);
            }
          }
          out[((static_cast<size_t>(n) * w.oh + oy) * w.ow + ox) * w.c + c] = acc;
        }
      }
    }
  }
}

}  // namespace

Error op_max_pool2d(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const auto* attr = attribute<fb::MaxPool2dAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing MaxPool2dAttribute");
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  PoolWindow w{};
  WICK_TRY(check_pool_window(args, *attr, &w));
  if (in.dtype != fb::DType::INT8 && in.dtype != fb::DType::FP32) {
    return op_error(args, "%s is not implemented", dtype_name(in.dtype));
  }
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  const bool propagate = attr->nan_mode() != fb::NanPropagationMode::IGNORE;
  if (phase == Phase::Check) return Error::Ok;
  if (in.dtype == fb::DType::FP32) {
    // IGNORE starts from NaN so that an all-NaN window stays NaN.
    max_pool2d(w, propagate, propagate ? -INFINITY : NAN, in.as<float>(), out.as<float>());
  } else {
    max_pool2d<int8_t>(w, propagate, -128, in.as<int8_t>(), out.as<int8_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
