// ARGMAX: i32 index of the first maximum along `axis` (the axis is removed);
// fp32 follows nan_mode (PROPAGATE: the first NaN wins).
#include <math.h>

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

struct ArgmaxParams {
  size_t outer, length, inner;
  bool propagate;
};

inline bool better(int8_t candidate, int8_t best, bool) { return candidate > best; }
inline bool better(float candidate, float best, bool propagate) {
  if (isnan(best)) return !propagate && !isnan(candidate);
  if (isnan(candidate)) return propagate;
  return candidate > best;
}

template <typename T>
void argmax(const ArgmaxParams& p, const T* in, int32_t* out) {
  for (size_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < p.inner; ++i) {
      const T* src = in + o * p.length * p.inner + i;
      int32_t best = 0;
      for (size_t k = 1; k < p.length; ++k) {
        if (better(src[k * p.inner], src[static_cast<size_t>(best) * p.inner], p.propagate)) {
          best = static_cast<int32_t>(k);
        }
      }
      out[o * p.inner + i] = best;
    }
  }
}

}  // namespace

Error op_argmax(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 1, 1));
  const auto* attr = attribute<fb::ArgMaxAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing ArgMaxAttribute");
  const TensorRef& in = args.in(0);
  TensorRef& out = args.out();
  if (in.dtype != fb::DType::INT8 && in.dtype != fb::DType::FP32) {
    return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
  }
  WICK_TRY(expect_dtype(args, out, fb::DType::INT32, "output"));
  const int32_t axis = attr->axis();
  if (axis < 0 || axis >= in.rank || out.rank != in.rank - 1) {
    return op_error(args, "axis %ld or output rank %d is invalid", static_cast<long>(axis),
                    static_cast<int>(out.rank));
  }
  ArgmaxParams p{1, static_cast<size_t>(in.shape[axis]), 1,
                 attr->nan_mode() != fb::NanPropagationMode::IGNORE};
  for (int d = 0, o = 0; d < in.rank; ++d) {
    if (d == axis) continue;
    if (out.shape[o++] != in.shape[d]) return op_error(args, "output shape does not match input");
    if (d < axis) p.outer *= static_cast<size_t>(in.shape[d]);
    if (d > axis) p.inner *= static_cast<size_t>(in.shape[d]);
  }
  if (phase == Phase::Check) return Error::Ok;
  if (in.dtype == fb::DType::FP32) {
    argmax(p, in.as<float>(), out.as<int32_t>());
  } else {
    argmax(p, in.as<int8_t>(), out.as<int32_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
