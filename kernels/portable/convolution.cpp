// aten::convolution.out(input, weight, bias?, stride, padding, dilation,
// transposed, output_padding, groups): 1-D ([N, C, L]) and 2-D ([N, C, H, W])
// float32 convolution, plain or transposed, grouped. Inputs in other dim
// orders (channels-last) are repacked to NCHW in temp memory, and so is the
// result when out is not contiguous.
#include <string.h>

#include "kernels/portable/math/conv2d.h"
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {
namespace {

// Reads a per-spatial-dim list (length `spatial`, or 1 to broadcast) into
// [h, w] with 1-D treated as h = 1.
bool read_pair(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int spatial,
               int64_t fill_h, int64_t* h, int64_t* w, int64_t min_value) {
  Span<const int64_t> list;
  if (!get_int_list(ctx, args, i, name, &list)) return false;
  if (list.size() != static_cast<size_t>(spatial) && list.size() != 1) {
    return fail_invalid(ctx, "%s has %lu entries, expected %d", name,
                        static_cast<unsigned long>(list.size()), spatial);
  }
  *w = list[list.size() - 1];
  *h = spatial == 1 ? fill_h : list[0];
  if (*h < min_value || *w < min_value || *h > INT32_MAX || *w > INT32_MAX) {
    return fail_invalid(ctx, "%s entries must be in [%lld, 2^31)", name,
                        static_cast<long long>(min_value));
  }
  return true;
}

// A contiguous float copy of t (or t's own data when already contiguous).
const float* contiguous_data(KernelContext& ctx, const Tensor& t) {
  if (t.is_contiguous()) return t.data_as<const float>();
  float* buf = static_cast<float*>(ctx.allocate_temp(t.numel * sizeof(float)));
  if (buf == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return nullptr;
  }
  int64_t sizes[kMaxRank];
  for (int d = 0; d < t.dim; ++d) sizes[d] = t.sizes[d];
  copy_view(contiguous_view(reinterpret_cast<char*>(buf), t.dtype, t.dim, sizes), view_of(t));
  return buf;
}

}  // namespace

void convolution_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 10, 1)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* weight = get_tensor(ctx, args, 1, "weight");
  Tensor* bias = nullptr;
  Tensor* out = get_tensor(ctx, args, 9, "out");
  bool transposed = false;
  int64_t groups = 1;
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !get_optional_tensor(ctx, args, 2, "bias", &bias) ||
      !get_bool(ctx, args, 6, "transposed", &transposed) ||
      !get_int(ctx, args, 8, "groups", &groups)) {
    return;
  }
  if (input->dim != 3 && input->dim != 4) {
    fail_invalid(ctx, "input must be [N, C, L] or [N, C, H, W], got rank %d", input->dim);
    return;
  }
  if (weight->dim != input->dim) {
    fail_invalid(ctx, "weight rank %d differs from input rank %d", weight->dim, input->dim);
    return;
  }
  if (!check_dtype(ctx, *input, "input", ScalarType::Float) ||
      !check_dtype(ctx, *weight, "weight", ScalarType::Float) ||
      !check_dtype(ctx, *out, "out", ScalarType::Float) ||
      (bias != nullptr && !check_dtype(ctx, *bias, "bias", ScalarType::Float))) {
    return;
  }
  const int spatial = input->dim - 2;
  Conv2dParams p;
  int64_t out_pad_h = 0, out_pad_w = 0;
  if (!read_pair(ctx, args, 3, "stride", spatial, 1, &p.stride_h, &p.stride_w, 1) ||
      !read_pair(ctx, args, 4, "padding", spatial, 0, &p.pad_h, &p.pad_w, 0) ||
      !read_pair(ctx, args, 5, "dilation", spatial, 1, &p.dilation_h, &p.dilation_w, 1) ||
      !read_pair(ctx, args, 7, "output_padding", spatial, 0, &out_pad_h, &out_pad_w, 0)) {
    return;
  }
  p.batch = input->sizes[0];
  p.in_channels = input->sizes[1];
  p.in_h = spatial == 2 ? input->sizes[2] : 1;
  p.in_w = input->sizes[input->dim - 1];
  p.kernel_h = spatial == 2 ? weight->sizes[2] : 1;
  p.kernel_w = weight->sizes[weight->dim - 1];
  p.groups = groups;
  if (groups < 1 || p.in_channels % groups != 0) {
    fail_invalid(ctx, "groups %lld must divide the %lld input channels",
                 static_cast<long long>(groups), static_cast<long long>(p.in_channels));
    return;
  }
  if (transposed) {
    if (weight->sizes[0] != p.in_channels) {
      fail_invalid(ctx, "transposed weight has %d input channels, input has %lld",
                   static_cast<int>(weight->sizes[0]), static_cast<long long>(p.in_channels));
      return;
    }
    p.out_channels = static_cast<int64_t>(weight->sizes[1]) * groups;
    if (out_pad_h >= p.stride_h && out_pad_h >= p.dilation_h) {
      fail_invalid(ctx, "output_padding must be smaller than stride or dilation");
      return;
    }
    if (out_pad_w >= p.stride_w && out_pad_w >= p.dilation_w) {
      fail_invalid(ctx, "output_padding must be smaller than stride or dilation");
      return;
    }
    p.out_h = (p.in_h - 1) * p.stride_h - 2 * p.pad_h + p.dilation_h * (p.kernel_h - 1) + out_pad_h + 1;
    p.out_w = (p.in_w - 1) * p.stride_w - 2 * p.pad_w + p.dilation_w * (p.kernel_w - 1) + out_pad_w + 1;
  } else {
    p.out_channels = weight->sizes[0];
    if (p.out_channels % groups != 0 || weight->sizes[1] * groups != p.in_channels) {
      fail_invalid(ctx, "weight [%d, %d, ...] does not fit %lld input channels in %lld groups",
                   static_cast<int>(weight->sizes[0]), static_cast<int>(weight->sizes[1]), static_cast<long long>(p.in_channels),
                   static_cast<long long>(groups));
      return;
    }
    p.out_h = (p.in_h + 2 * p.pad_h - p.dilation_h * (p.kernel_h - 1) - 1) / p.stride_h + 1;
    p.out_w = (p.in_w + 2 * p.pad_w - p.dilation_w * (p.kernel_w - 1) - 1) / p.stride_w + 1;
    if (p.in_h + 2 * p.pad_h < p.dilation_h * (p.kernel_h - 1) + 1 ||
        p.in_w + 2 * p.pad_w < p.dilation_w * (p.kernel_w - 1) + 1) {
      p.out_h = 0;
    }
  }
  if (p.out_channels % groups != 0 || p.out_h <= 0 || p.out_w <= 0 || p.out_h > INT32_MAX ||
      p.out_w > INT32_MAX) {
    fail_invalid(ctx, "the kernel does not fit the padded input (output %lldx%lld)",
                 static_cast<long long>(p.out_h), static_cast<long long>(p.out_w));
    return;
  }
  if (bias != nullptr && (bias->dim != 1 || bias->sizes[0] != p.out_channels)) {
    fail_invalid(ctx, "bias must be [%lld]", static_cast<long long>(p.out_channels));
    return;
  }
  int32_t sizes[4] = {static_cast<int32_t>(p.batch), static_cast<int32_t>(p.out_channels),
                      static_cast<int32_t>(p.out_h), static_cast<int32_t>(p.out_w)};
  if (spatial == 1) sizes[2] = sizes[3];
  if (!resize_output(ctx, *out, sizes, input->dim)) return;
  if (out->numel == 0) return;
  const float* x = contiguous_data(ctx, *input);
  const float* w = x != nullptr ? contiguous_data(ctx, *weight) : nullptr;
  const float* b = bias != nullptr && w != nullptr ? contiguous_data(ctx, *bias) : nullptr;
  if (x == nullptr || w == nullptr || (bias != nullptr && b == nullptr)) return;
  float* y = out->data_as<float>();
  if (!out->is_contiguous()) {
    y = static_cast<float*>(ctx.allocate_temp(out->numel * sizeof(float)));
    if (y == nullptr) {
      ctx.fail(Error::MemoryAllocationFailed);
      return;
    }
  }
  if (input->numel == 0) {
    // Nothing to convolve (e.g. zero input channels): the result is the bias.
    p.in_channels = 0;
  }
  // GEMM panels; without them (a temp arena too small) the direct loops run.
  p.scratch_floats = transposed ? 0 : conv2d_scratch_floats(p);
  if (p.scratch_floats > 0) {
    p.scratch = static_cast<float*>(
        ctx.allocate_temp(static_cast<size_t>(p.scratch_floats) * sizeof(float), 64));
  }
  if (transposed) {
    conv_transpose2d_f32(p, x, w, b, y);
  } else {
    conv2d_f32(p, x, w, b, y);
  }
  if (y != out->data) {
    int64_t shape[kMaxRank];
    for (int d = 0; d < out->dim; ++d) shape[d] = out->sizes[d];
    copy_view(view_of(*out), contiguous_view(reinterpret_cast<char*>(y), out->dtype, out->dim, shape));
  }
}

}  // namespace portable
}  // namespace wick
