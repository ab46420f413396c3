// aten::native_group_norm.out(input, weight?, bias?, N, C, HxW, group, eps,
// out0, out1, out2): normalises each (sample, channel group) over its
// channels and spatial positions; weight/bias are per channel. mean and rstd
// are [N, group]. Moments accumulate in double.
#include <cmath>
#include <initializer_list>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

// Offset (elements) of spatial position s (row-major over dims 2..) in v.
int64_t spatial_offset(const View& v, int64_t s) {
  int64_t offset = 0;
  for (int d = v.rank - 1; d >= 2; --d) {
    offset += (s % v.sizes[d]) * v.strides[d];
    s /= v.sizes[d];
  }
  return offset;
}

double channel_param(const Tensor* t, int64_t c, double fallback) {
  if (t == nullptr) return fallback;
  return load_double(static_cast<const char*>(t->data) +
                         c * t->strides[0] * static_cast<int64_t>(t->element_size()),
                     t->dtype);
}

}  // namespace

void native_group_norm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 11, 3)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* weight = nullptr;
  Tensor* bias = nullptr;
  int64_t n = 0, c = 0, hxw = 0, groups = 0;
  double eps = 0.0;
  Tensor* out = get_tensor(ctx, args, 8, "out");
  Tensor* mean_out = get_tensor(ctx, args, 9, "mean");
  Tensor* rstd_out = get_tensor(ctx, args, 10, "rstd");
  if (input == nullptr || out == nullptr || mean_out == nullptr || rstd_out == nullptr ||
      !get_optional_tensor(ctx, args, 1, "weight", &weight) ||
      !get_optional_tensor(ctx, args, 2, "bias", &bias) || !get_int(ctx, args, 3, "N", &n) ||
      !get_int(ctx, args, 4, "C", &c) || !get_int(ctx, args, 5, "HxW", &hxw) ||
      !get_int(ctx, args, 6, "group", &groups) || !get_double(ctx, args, 7, "eps", &eps)) {
    return;
  }
  if (!is_floating(input->dtype) || !check_dtype(ctx, *out, "out", input->dtype) ||
      !check_dtype(ctx, *mean_out, "mean", input->dtype) ||
      !check_dtype(ctx, *rstd_out, "rstd", input->dtype)) {
    if (ctx.failure() == Error::Ok) fail_invalid(ctx, "input must be floating");
    return;
  }
  if (input->dim < 2 || input->sizes[0] != n || input->sizes[1] != c || groups <= 0 ||
      c % groups != 0 || n > INT32_MAX || groups > INT32_MAX ||
      (c > 0 && static_cast<int64_t>(input->numel) != n * c * hxw)) {
    fail_invalid(ctx, "input shape does not match N=%lld C=%lld HxW=%lld group=%lld",
                 static_cast<long long>(n), static_cast<long long>(c),
                 static_cast<long long>(hxw), static_cast<long long>(groups));
    return;
  }
  for (Tensor* t : {weight, bias}) {
    if (t != nullptr && (t->dim != 1 || t->sizes[0] != c || t->dtype != input->dtype)) {
      fail_invalid(ctx, "weight and bias must be [%lld] of the input dtype", static_cast<long long>(c));
      return;
    }
  }
  const int32_t stat_sizes[2] = {static_cast<int32_t>(n), static_cast<int32_t>(groups)};
  if (!resize_output(ctx, *out, input->sizes, input->dim) ||
      !resize_output(ctx, *mean_out, stat_sizes, 2) || !resize_output(ctx, *rstd_out, stat_sizes, 2)) {
    return;
  }
  const View in = view_of(*input);
  const View o = view_of(*out);
  const View vm = view_of(*mean_out);
  const View vr = view_of(*rstd_out);
  const ScalarType t = input->dtype;
  const int64_t es = static_cast<int64_t>(element_size(t));
  const int64_t per_group = c / groups;
  const double count = static_cast<double>(per_group * hxw);
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t g = 0; g < groups; ++g) {
      auto element = [&](const View& v, int64_t ch, int64_t pos) {
        return v.data + (s * v.strides[0] + ch * v.strides[1] + spatial_offset(v, pos)) * es;
      };
      double sum = 0.0;
      for (int64_t ch = g * per_group; ch < (g + 1) * per_group; ++ch) {
        for (int64_t pos = 0; pos < hxw; ++pos) sum += load_double(element(in, ch, pos), t);
      }
      const double mean = sum / count;
      double sq = 0.0;
      for (int64_t ch = g * per_group; ch < (g + 1) * per_group; ++ch) {
        for (int64_t pos = 0; pos < hxw; ++pos) {
          const double dv = load_double(element(in, ch, pos), t) - mean;
          sq += dv * dv;
        }
      }
      const double rstd = 1.0 / std::sqrt(sq / count + eps);
      for (int64_t ch = g * per_group; ch < (g + 1) * per_group; ++ch) {
        const double scale = rstd * channel_param(weight, ch, 1.0);
        const double shift = channel_param(bias, ch, 0.0) - mean * scale;
        for (int64_t pos = 0; pos < hxw; ++pos) {
          store_as<double>(const_cast<char*>(element(o, ch, pos)), t,
                           load_double(element(in, ch, pos), t) * scale + shift);
        }
      }
      store_as<double>(vm.data + (s * vm.strides[0] + g * vm.strides[1]) * es, t, mean);
      store_as<double>(vr.data + (s * vr.strides[0] + g * vr.strides[1]) * es, t, rstd);
    }
  }
}

}  // namespace portable
}  // namespace wick
