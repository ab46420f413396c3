#include "kernels/portable/util/pool.h"

namespace wick {
namespace portable {

bool read_pool_pair(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                    int64_t fallback_h, int64_t fallback_w, int64_t min_value, int64_t* h,
                    int64_t* w) {
  Span<const int64_t> list;
  if (!get_int_list(ctx, args, i, name, &list)) return false;
  if (list.size() > 2) {
    return fail_invalid(ctx, "%s must have 1 or 2 entries, got %lu", name,
                        static_cast<unsigned long>(list.size()));
  }
  if (list.size() == 0) {
    *h = fallback_h;
    *w = fallback_w;
  } else {
    *h = list[0];
    *w = list[list.size() - 1];
  }
  if (*h < min_value || *w < min_value || *h > INT32_MAX || *w > INT32_MAX) {
    return fail_invalid(ctx, "%s entries must be >= %lld", name, static_cast<long long>(min_value));
  }
  return true;
}

int64_t pool_output_size(int64_t in, int64_t kernel, int64_t pad, int64_t stride,
                         int64_t dilation, bool ceil_mode) {
  const int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  if (span < 0) return 0;
  int64_t out = span / stride + 1;
  // The last window must start inside the input or the left padding.
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

bool plan_pool2d(KernelContext& ctx, const Tensor& input, Pool2dParams* p, Tensor& out) {
  if (input.dim != 3 && input.dim != 4) {
    return fail_invalid(ctx, "input must be [C, H, W] or [N, C, H, W], got rank %d", input.dim);
  }
  if (p->pad_h * 2 > p->kernel_h || p->pad_w * 2 > p->kernel_w) {
    return fail_invalid(ctx, "padding must be at most half the kernel size");
  }
  const int64_t in_h = input.sizes[input.dim - 2];
  const int64_t in_w = input.sizes[input.dim - 1];
  p->out_h = pool_output_size(in_h, p->kernel_h, p->pad_h, p->stride_h, p->dilation_h, p->ceil_mode);
  p->out_w = pool_output_size(in_w, p->kernel_w, p->pad_w, p->stride_w, p->dilation_w, p->ceil_mode);
  if (p->out_h <= 0 || p->out_w <= 0) {
    return fail_invalid(ctx, "output size %lldx%lld is too small",
                        static_cast<long long>(p->out_h), static_cast<long long>(p->out_w));
  }
  int32_t sizes[4];
  for (int d = 0; d < input.dim - 2; ++d) sizes[d] = input.sizes[d];
  sizes[input.dim - 2] = static_cast<int32_t>(p->out_h);
  sizes[input.dim - 1] = static_cast<int32_t>(p->out_w);
  return resize_output(ctx, out, sizes, input.dim);
}

}  // namespace portable
}  // namespace wick
