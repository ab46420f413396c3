// aten::max_pool2d_with_indices.out(self, kernel_size, stride, padding,
// dilation, ceil_mode, out, indices): window max and its flat index
// (h * W + w) within the input plane. a NaN replaces the running max (the
// last NaN wins) and ties keep the first element, as torch.
#include <cmath>
#include <limits>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/pool.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

template <typename CT>
void max_pool_plane(const Pool2dParams& p, const View& in, const View& out, const View& idx,
                    int64_t n, int64_t c) {
  const int r = in.rank;
  const int64_t in_h = in.sizes[r - 2], in_w = in.sizes[r - 1];
  const int64_t ies = static_cast<int64_t>(element_size(in.dtype));
  const int64_t oes = static_cast<int64_t>(element_size(out.dtype));
  const char* in_base = in.data + ((r == 4 ? n * in.strides[0] : 0) + c * in.strides[r - 3]) * ies;
  char* out_base = out.data + ((r == 4 ? n * out.strides[0] : 0) + c * out.strides[r - 3]) * oes;
  char* idx_base = idx.data + ((r == 4 ? n * idx.strides[0] : 0) + c * idx.strides[r - 3]) * 8;
  for (int64_t oh = 0; oh < p.out_h; ++oh) {
    int64_t h0 = oh * p.stride_h - p.pad_h;
    const int64_t h1 = h0 + (p.kernel_h - 1) * p.dilation_h + 1 < in_h ? h0 + (p.kernel_h - 1) * p.dilation_h + 1 : in_h;
    while (h0 < 0) h0 += p.dilation_h;
    for (int64_t ow = 0; ow < p.out_w; ++ow) {
      int64_t w0 = ow * p.stride_w - p.pad_w;
      const int64_t w1 = w0 + (p.kernel_w - 1) * p.dilation_w + 1 < in_w ? w0 + (p.kernel_w - 1) * p.dilation_w + 1 : in_w;
      while (w0 < 0) w0 += p.dilation_w;
      // torch's update rule: a NaN always replaces (so the last NaN wins);
      // an all -inf window reports its first element.
      CT best = std::numeric_limits<CT>::has_infinity ? -std::numeric_limits<CT>::infinity()
                                                      : std::numeric_limits<CT>::lowest();
      int64_t best_index = h0 * in_w + w0;
      for (int64_t h = h0; h < h1; h += p.dilation_h) {
        for (int64_t w = w0; w < w1; w += p.dilation_w) {
          const CT v = load_as<CT>(in_base + (h * in.strides[r - 2] + w * in.strides[r - 1]) * ies, in.dtype);
          if (v > best || v != v) {
            best = v;
            best_index = h * in_w + w;
          }
        }
      }
      store_as<CT>(out_base + (oh * out.strides[r - 2] + ow * out.strides[r - 1]) * oes, out.dtype, best);
      *reinterpret_cast<int64_t*>(idx_base + (oh * idx.strides[r - 2] + ow * idx.strides[r - 1]) * 8) = best_index;
    }
  }
}

// The same for float32 planes whose rows are contiguous (the common case):
// direct pointer arithmetic instead of per-element dtype dispatch.
void max_pool_plane_f32(const Pool2dParams& p, const float* in, int64_t in_h, int64_t in_w,
                        int64_t in_row, float* out, int64_t out_row, int64_t* idx,
                        int64_t idx_row) {
  for (int64_t oh = 0; oh < p.out_h; ++oh) {
    int64_t h0 = oh * p.stride_h - p.pad_h;
    const int64_t h_end = h0 + (p.kernel_h - 1) * p.dilation_h + 1;
    const int64_t h1 = h_end < in_h ? h_end : in_h;
    while (h0 < 0) h0 += p.dilation_h;
    for (int64_t ow = 0; ow < p.out_w; ++ow) {
      int64_t w0 = ow * p.stride_w - p.pad_w;
      const int64_t w_end = w0 + (p.kernel_w - 1) * p.dilation_w + 1;
      const int64_t w1 = w_end < in_w ? w_end : in_w;
      while (w0 < 0) w0 += p.dilation_w;
      float best = -std::numeric_limits<float>::infinity();
      int64_t best_index = h0 * in_w + w0;
      for (int64_t h = h0; h < h1; h += p.dilation_h) {
        const float* row = in + h * in_row;
        for (int64_t w = w0; w < w1; w += p.dilation_w) {
          const float v = row[w];
          if (v > best || v != v) {
            best = v;
            best_index = h * in_w + w;
          }
        }
      }
      out[oh * out_row + ow] = best;
      idx[oh * idx_row + ow] = best_index;
    }
  }
}

}  // namespace

void max_pool2d_with_indices_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 8, 2)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 6, "out");
  Tensor* indices = get_tensor(ctx, args, 7, "indices");
  Pool2dParams p;
  if (self == nullptr || out == nullptr || indices == nullptr ||
      !read_pool_pair(ctx, args, 1, "kernel_size", 1, 1, 1, &p.kernel_h, &p.kernel_w) ||
      !read_pool_pair(ctx, args, 2, "stride", p.kernel_h, p.kernel_w, 1, &p.stride_h, &p.stride_w) ||
      !read_pool_pair(ctx, args, 3, "padding", 0, 0, 0, &p.pad_h, &p.pad_w) ||
      !read_pool_pair(ctx, args, 4, "dilation", 1, 1, 1, &p.dilation_h, &p.dilation_w) ||
      !get_bool(ctx, args, 5, "ceil_mode", &p.ceil_mode) ||
      !check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype) ||
      !check_dtype(ctx, *indices, "indices", ScalarType::Long)) {
    return;
  }
  if (self->dtype == ScalarType::Bool) {
    fail_invalid(ctx, "max_pool2d is not supported for bool tensors");
    return;
  }
  if (!plan_pool2d(ctx, *self, &p, *out) || !resize_output(ctx, *indices, out->sizes, out->dim)) {
    return;
  }
  const View in = view_of(*self);
  const View vo = view_of(*out);
  const View vi = view_of(*indices);
  const int64_t batch = self->dim == 4 ? self->sizes[0] : 1;
  const int64_t channels = self->sizes[self->dim - 3];
  const int r = in.rank;
  if (self->dtype == ScalarType::Float && in.strides[r - 1] == 1 && vo.strides[r - 1] == 1 &&
      vi.strides[r - 1] == 1) {
    const int64_t in_h = in.sizes[r - 2], in_w = in.sizes[r - 1];
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < channels; ++c) {
        const int64_t at_in = (r == 4 ? n * in.strides[0] : 0) + c * in.strides[r - 3];
        const int64_t at_out = (r == 4 ? n * vo.strides[0] : 0) + c * vo.strides[r - 3];
        const int64_t at_idx = (r == 4 ? n * vi.strides[0] : 0) + c * vi.strides[r - 3];
        max_pool_plane_f32(p, reinterpret_cast<const float*>(in.data) + at_in, in_h, in_w,
                           in.strides[r - 2], reinterpret_cast<float*>(vo.data) + at_out,
                           vo.strides[r - 2], reinterpret_cast<int64_t*>(vi.data) + at_idx,
                           vi.strides[r - 2]);
      }
    }
    return;
  }
  switch_compute_type(self->dtype, [&](auto tag) {
    using CT = typename decltype(tag)::type;
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < channels; ++c) max_pool_plane<CT>(p, in, vo, vi, n, c);
    }
  });
}

}  // namespace portable
}  // namespace wick
