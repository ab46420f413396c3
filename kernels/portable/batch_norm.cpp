// aten::_native_batch_norm_legit_no_training.out(input, weight?, bias?,
// running_mean, running_var, momentum, eps, out, save_mean, save_invstd) and
// aten::native_batch_norm.out(input, weight?, bias?, running_mean?,
// running_var?, training, momentum, eps, ...) in inference mode.
// Per channel (dim 1): out = x * alpha + beta with invstd = 1 / sqrt(var +
// eps), alpha = invstd * weight, beta = bias - mean * alpha, as torch's CPU
// kernel. save_mean / save_invstd are empty ([0]) in inference, as in torch.
#include <cmath>
#include <initializer_list>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

bool check_channel_vector(KernelContext& ctx, const Tensor* t, const char* name,
                          int64_t channels, ScalarType dtype) {
  if (t == nullptr) return true;
  if (t->dim != 1 || t->sizes[0] != channels) {
    return fail_invalid(ctx, "%s must be [%lld]", name, static_cast<long long>(channels));
  }
  return check_dtype(ctx, *t, name, dtype);
}

double channel_value(const Tensor* t, int64_t c, double fallback) {
  if (t == nullptr) return fallback;
  const View v = view_of(*t);
  return load_double(v.data + c * v.strides[0] * static_cast<int64_t>(t->element_size()), t->dtype);
}

void batch_norm_inference(KernelContext& ctx, Tensor& input, Tensor* weight, Tensor* bias,
                          Tensor* mean, Tensor* var, double eps, Tensor& out, Tensor& save_mean,
                          Tensor& save_invstd) {
  if (!is_floating(input.dtype) || !check_dtype(ctx, out, "out", input.dtype)) {
    if (ctx.failure() == Error::Ok) fail_invalid(ctx, "input must be floating");
    return;
  }
  if (input.dim < 2) {
    fail_invalid(ctx, "input must have a channel dimension (rank >= 2), got rank %d", input.dim);
    return;
  }
  const int64_t channels = input.sizes[1];
  if (!check_channel_vector(ctx, weight, "weight", channels, input.dtype) ||
      !check_channel_vector(ctx, bias, "bias", channels, input.dtype) ||
      !check_channel_vector(ctx, mean, "running_mean", channels, input.dtype) ||
      !check_channel_vector(ctx, var, "running_var", channels, input.dtype) ||
      !resize_output(ctx, out, input.sizes, input.dim)) {
    return;
  }
  // torch's CPU kernel returns empty statistics; a runtime that planned them
  // as [C] (the CUDA convention) gets running_mean and invstd instead.
  const int32_t empty[1] = {0};
  bool stats_empty = true;
  for (Tensor* t : {&save_mean, &save_invstd}) {
    if (resize(*t, Span<const int32_t>(empty, 1)) == Error::Ok) continue;
    stats_empty = false;
    if (t->dim != 1 || t->sizes[0] != channels || !is_floating(t->dtype)) {
      fail_invalid(ctx, "save_mean/save_invstd must be [0] or [%lld] floating tensors",
                   static_cast<long long>(channels));
      return;
    }
  }
  const View in = view_of(input);
  const View o = view_of(out);
  for (int64_t c = 0; c < channels; ++c) {
    // float math in float (torch computes these terms in the parameter type).
    const float invstd = 1.0f / std::sqrt(static_cast<float>(channel_value(var, c, 1.0)) + static_cast<float>(eps));
    const float alpha = invstd * static_cast<float>(channel_value(weight, c, 1.0));
    const float beta = static_cast<float>(channel_value(bias, c, 0.0)) -
                       static_cast<float>(channel_value(mean, c, 0.0)) * alpha;
    if (!stats_empty) {
      const View sm = view_of(save_mean);
      const View si = view_of(save_invstd);
      if (save_mean.numel > 0) {
        store_as<double>(sm.data + c * sm.strides[0] * static_cast<int64_t>(save_mean.element_size()),
                         save_mean.dtype, channel_value(mean, c, 0.0));
      }
      if (save_invstd.numel > 0) {
        store_as<float>(si.data + c * si.strides[0] * static_cast<int64_t>(save_invstd.element_size()),
                        save_invstd.dtype, invstd);
      }
    }
    View vi = in;
    View vo = o;
    vi.data += c * in.strides[1] * static_cast<int64_t>(input.element_size());
    vo.data += c * o.strides[1] * static_cast<int64_t>(out.element_size());
    vi.sizes[1] = 1;
    vo.sizes[1] = 1;
    const View* views[2] = {&vo, &vi};
    const bool f32 = input.dtype == ScalarType::Float;
    for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        if (f32) {
          *reinterpret_cast<float*>(p[0] + i * s[0]) =
              *reinterpret_cast<const float*>(p[1] + i * s[1]) * alpha + beta;
        } else {
          store_as<float>(p[0] + i * s[0], out.dtype,
                          load_as<float>(p[1] + i * s[1], input.dtype) * alpha + beta);
        }
      }
    });
  }
}

}  // namespace

void native_batch_norm_legit_no_training_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 10, 3)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* weight = nullptr;
  Tensor* bias = nullptr;
  Tensor* mean = get_tensor(ctx, args, 3, "running_mean");
  Tensor* var = get_tensor(ctx, args, 4, "running_var");
  double momentum = 0.0;
  double eps = 0.0;
  Tensor* out = get_tensor(ctx, args, 7, "out");
  Tensor* save_mean = get_tensor(ctx, args, 8, "save_mean");
  Tensor* save_invstd = get_tensor(ctx, args, 9, "save_invstd");
  if (input == nullptr || mean == nullptr || var == nullptr || out == nullptr ||
      save_mean == nullptr || save_invstd == nullptr ||
      !get_optional_tensor(ctx, args, 1, "weight", &weight) ||
      !get_optional_tensor(ctx, args, 2, "bias", &bias) ||
      !get_double(ctx, args, 5, "momentum", &momentum) || !get_double(ctx, args, 6, "eps", &eps)) {
    return;
  }
  batch_norm_inference(ctx, *input, weight, bias, mean, var, eps, *out, *save_mean, *save_invstd);
}

void native_batch_norm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 11, 3)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* weight = nullptr;
  Tensor* bias = nullptr;
  Tensor* mean = nullptr;
  Tensor* var = nullptr;
  bool training = false;
  double momentum = 0.0;
  double eps = 0.0;
  Tensor* out = get_tensor(ctx, args, 8, "out");
  Tensor* save_mean = get_tensor(ctx, args, 9, "save_mean");
  Tensor* save_invstd = get_tensor(ctx, args, 10, "save_invstd");
  if (input == nullptr || out == nullptr || save_mean == nullptr || save_invstd == nullptr ||
      !get_optional_tensor(ctx, args, 1, "weight", &weight) ||
      !get_optional_tensor(ctx, args, 2, "bias", &bias) ||
      !get_optional_tensor(ctx, args, 3, "running_mean", &mean) ||
      !get_optional_tensor(ctx, args, 4, "running_var", &var) ||
      !get_bool(ctx, args, 5, "training", &training) ||
      !get_double(ctx, args, 6, "momentum", &momentum) || !get_double(ctx, args, 7, "eps", &eps)) {
    return;
  }
  if (training || mean == nullptr || var == nullptr) {
    fail_invalid(ctx, "only inference (training=False with running stats) is supported");
    return;
  }
  batch_norm_inference(ctx, *input, weight, bias, mean, var, eps, *out, *save_mean, *save_invstd);
}

}  // namespace portable
}  // namespace wick
