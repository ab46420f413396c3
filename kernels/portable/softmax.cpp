// aten::_softmax.out(self, dim, half_to_float) and aten::_log_softmax.out.
// Along dim: m = max, e = exp(x - m), softmax = e / sum(e) and
// log_softmax = (x - m) - log(sum(e)). Floating dtypes only; float16 and
// bfloat16 compute in float. half_to_float (a CUDA-only option) is rejected.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/shape.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

struct SoftmaxParams {
  int64_t length;      // size of the softmax dimension
  int64_t in_stride;   // bytes between consecutive elements along dim
  int64_t out_stride;
  ScalarType in_t, out_t;
  bool log;
};

// One softmax row. Typed float path for the common case.
void softmax_row(const SoftmaxParams& p, const char* in, char* out) {
  const bool f32 = p.in_t == ScalarType::Float && p.out_t == ScalarType::Float;
  auto load = [&](int64_t k) {
    return f32 ? *reinterpret_cast<const float*>(in + k * p.in_stride)
               : load_as<float>(in + k * p.in_stride, p.in_t);
  };
  auto store = [&](int64_t k, float v) {
    if (f32) {
      *reinterpret_cast<float*>(out + k * p.out_stride) = v;
    } else {
      store_as<float>(out + k * p.out_stride, p.out_t, v);
    }
  };
  float m = -INFINITY;
  for (int64_t k = 0; k < p.length; ++k) {
    const float v = load(k);
    m = (v > m || std::isnan(v)) ? v : m;
  }
  float sum = 0.0f;
  if (p.log) {
    for (int64_t k = 0; k < p.length; ++k) sum += std::exp(load(k) - m);
    const float log_sum = std::log(sum);
    for (int64_t k = 0; k < p.length; ++k) store(k, load(k) - m - log_sum);
  } else {
    // out may alias self, so keep exp values in out and rescale after.
    for (int64_t k = 0; k < p.length; ++k) {
      const float e = std::exp(load(k) - m);
      sum += e;
      store(k, e);
    }
    const float inv = 1.0f / sum;
    for (int64_t k = 0; k < p.length; ++k) {
      const float e = f32 ? *reinterpret_cast<const float*>(out + k * p.out_stride)
                          : load_as<float>(out + k * p.out_stride, p.out_t);
      store(k, e * inv);
    }
  }
}

void softmax_kernel(KernelContext& ctx, Span<EValue*> args, bool log) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  int64_t dim = 0;
  bool half_to_float = false;
  int d = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_bool(ctx, args, 2, "half_to_float", &half_to_float) ||
      !wrap_dim(ctx, dim, self->dim, &d)) {
    return;
  }
  if (half_to_float) {
    fail_invalid(ctx, "half_to_float is only supported on CUDA");
    return;
  }
  if (!is_floating(self->dtype) || !check_dtype(ctx, *out, "out", self->dtype)) {
    if (ctx.failure() == Error::Ok) {
      fail_invalid(ctx, "needs a floating tensor, got %s", scalar_type_name(self->dtype));
    }
    return;
  }
  if (!resize_output(ctx, *out, self->sizes, self->dim)) return;
  View vo = view_of(*out);
  View vi = view_of(*self);
  SoftmaxParams p;
  p.length = self->dim == 0 ? 1 : vi.sizes[d];
  const int64_t es = static_cast<int64_t>(self->element_size());
  p.in_stride = self->dim == 0 ? 0 : vi.strides[d] * es;
  p.out_stride = self->dim == 0 ? 0 : vo.strides[d] * es;
  p.in_t = self->dtype;
  p.out_t = out->dtype;
  p.log = log;
  if (self->dim > 0) {
    vo.sizes[d] = 1;
    vi.sizes[d] = 1;
  }
  if (self->numel == 0) return;
  const View* views[2] = {&vo, &vi};
  for_each_row(make_loop(views), [&](char* const* ptr, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) softmax_row(p, ptr[1] + i * s[1], ptr[0] + i * s[0]);
  });
}

}  // namespace

void softmax_out(KernelContext& ctx, Span<EValue*> args) { softmax_kernel(ctx, args, false); }

void log_softmax_out(KernelContext& ctx, Span<EValue*> args) { softmax_kernel(ctx, args, true); }

}  // namespace portable
}  // namespace wick
