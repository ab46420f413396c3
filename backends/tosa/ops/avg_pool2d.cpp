// AVG_POOL2D: the mean over taps inside the input (padding excluded from the
// count); int8 divides with reciprocal_scale + apply_scale_32 (single round).
#include <type_traits>

#include "backends/tosa/ops/pool_common.h"
#include "backends/tosa/ops/scale.h"

namespace wick {
namespace tosa {
namespace {

struct AvgPoolParams {
  PoolWindow w;
  int32_t input_zp, output_zp;
};

template <typename T, typename Acc>
void avg_pool2d(const AvgPoolParams& p, const T* in, T* out) {
  const PoolWindow& w = p.w;
  for (int32_t n = 0; n < w.n; ++n) {
    for (int32_t oy = 0; oy < w.oh; ++oy) {
      for (int32_t ox = 0; ox < w.ow; ++ox) {
        for (int32_t c = 0; c < w.c; ++c) {
          Acc acc = 0;
          int32_t count = 0;
          for (int32_t ky = 0; ky < w.kernel_y; ++ky) {
            const int32_t y = oy * w.stride_y - w.pad_top + ky;
            if (y < 0 || y >= w.ih) continue;
            for (int32_t kx = 0; kx < w.kernel_x; ++kx) {
              const int32_t x = ox * w.stride_x - w.pad_left + kx;
              if (x < 0 || x >= w.iw) continue;
              const T v = in[((static_cast<size_t>(n) * w.ih + y) * w.iw + x) * w.c + c];
              acc = acc_add(acc, static_cast<Acc>(v) - static_cast<Acc>(p.input_zp));
              ++count;
            }
          }
          T result;
          if constexpr (std::is_floating_point<T>::value) {
            result = acc / static_cast<Acc>(count);
          } else {
            int32_t multiplier, shift;
            reciprocal_scale(static_cast<uint32_t>(count), &multiplier, &shift);
            const int64_t scaled = apply_scale_32(acc, multiplier, shift, false);
            result = clip<T>(scaled + p.output_zp, -128, 127);
          }
          out[((static_cast<size_t>(n) * w.oh + oy) * w.ow + ox) * w.c + c] = result;
        }
      }
    }
  }
}

}  // namespace

Error op_avg_pool2d(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 3, 1));
  const auto* attr = attribute<fb::AvgPool2dAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing AvgPool2dAttribute");
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  AvgPoolParams p{};
  WICK_TRY(check_pool_window(args, *attr, &p.w));
  const bool is_float = in.dtype == fb::DType::FP32;
  if (!(is_float && attr->acc_type() == fb::DType::FP32) &&
      !(in.dtype == fb::DType::INT8 && attr->acc_type() == fb::DType::INT32)) {
    return op_error(args, "%s with acc_type %s is not implemented", dtype_name(in.dtype),
                    dtype_name(attr->acc_type()));
  }
  WICK_TRY(expect_dtype(args, out, in.dtype, "output"));
  for (int i = 1; i < 3; ++i) {
    WICK_TRY(expect_dtype(args, args.in(i), in.dtype, "zero point"));
    WICK_TRY(expect_constant(args, args.in(i), "zero point"));
    if (args.in(i).numel != 1) return op_error(args, "zero points need one value");
  }
  if (is_float) {
    if (args.in(1).as<float>()[0] != 0.0f || args.in(2).as<float>()[0] != 0.0f) {
      return op_error(args, "fp32 zero points must be 0");
    }
  } else {
    p.input_zp = static_cast<int32_t>(constant_int(args.in(1), 0));
    p.output_zp = static_cast<int32_t>(constant_int(args.in(2), 0));
  }
  if (phase == Phase::Check) return Error::Ok;
  if (is_float) {
    avg_pool2d<float, float>(p, in.as<float>(), out.as<float>());
  } else {
    avg_pool2d<int8_t, int32_t>(p, in.as<int8_t>(), out.as<int8_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
