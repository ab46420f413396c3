// aten::avg_pool2d.out(self, kernel_size, stride, padding, ceil_mode,
// count_include_pad, divisor_override?): window mean with torch's divisor
// rules: divisor_override if given, else the window size clipped to the
// padded input (count_include_pad) or to the real input. Floating dtypes;
// float16/bfloat16 accumulate in float.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/pool.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

struct AvgPoolOptions {
  bool count_include_pad = true;
  bool has_divisor = false;
  int64_t divisor = 1;
};

template <typename Acc>
void avg_pool_plane(const Pool2dParams& p, const AvgPoolOptions& o, const View& in,
                    const View& out, const char* in_base, char* out_base) {
  const int r = in.rank;
  const int64_t in_h = in.sizes[r - 2], in_w = in.sizes[r - 1];
  const int64_t ies = static_cast<int64_t>(element_size(in.dtype));
  const int64_t oes = static_cast<int64_t>(element_size(out.dtype));
  for (int64_t oh = 0; oh < p.out_h; ++oh) {
    for (int64_t ow = 0; ow < p.out_w; ++ow) {
      int64_t h0 = oh * p.stride_h - p.pad_h;
      int64_t w0 = ow * p.stride_w - p.pad_w;
      int64_t h1 = h0 + p.kernel_h < in_h + p.pad_h ? h0 + p.kernel_h : in_h + p.pad_h;
      int64_t w1 = w0 + p.kernel_w < in_w + p.pad_w ? w0 + p.kernel_w : in_w + p.pad_w;
      const int64_t padded_size = (h1 - h0) * (w1 - w0);
      h0 = h0 < 0 ? 0 : h0;
      w0 = w0 < 0 ? 0 : w0;
      h1 = h1 < in_h ? h1 : in_h;
      w1 = w1 < in_w ? w1 : in_w;
      char* dst = out_base + (oh * out.strides[r - 2] + ow * out.strides[r - 1]) * oes;
      if (h0 >= h1 || w0 >= w1) {
        store_as<Acc>(dst, out.dtype, Acc(0));
        continue;
      }
      Acc sum = 0;
      for (int64_t h = h0; h < h1; ++h) {
        for (int64_t w = w0; w < w1; ++w) {
          sum += load_as<Acc>(in_base + (h * in.strides[r - 2] + w * in.strides[r - 1]) * ies, in.dtype);
        }
      }
      const int64_t divisor = o.has_divisor         ? o.divisor
                              : o.count_include_pad ? padded_size
                                                    : (h1 - h0) * (w1 - w0);
      store_as<Acc>(dst, out.dtype, sum / static_cast<Acc>(divisor));
    }
  }
}

}  // namespace

void avg_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 8, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 7, "out");
  Pool2dParams p;
  AvgPoolOptions o;
  if (self == nullptr || out == nullptr ||
      !read_pool_pair(ctx, args, 1, "kernel_size", 1, 1, 1, &p.kernel_h, &p.kernel_w) ||
      !read_pool_pair(ctx, args, 2, "stride", p.kernel_h, p.kernel_w, 1, &p.stride_h, &p.stride_w) ||
      !read_pool_pair(ctx, args, 3, "padding", 0, 0, 0, &p.pad_h, &p.pad_w) ||
      !get_bool(ctx, args, 4, "ceil_mode", &p.ceil_mode) ||
      !get_bool(ctx, args, 5, "count_include_pad", &o.count_include_pad) ||
      !get_optional_int(ctx, args, 6, "divisor_override", &o.has_divisor, &o.divisor) ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (!is_floating(self->dtype)) {
    fail_invalid(ctx, "avg_pool2d needs a floating tensor, got %s", scalar_type_name(self->dtype));
    return;
  }
  if (o.has_divisor && o.divisor == 0) {
    fail_invalid(ctx, "divisor_override must be non-zero");
    return;
  }
  if (!plan_pool2d(ctx, *self, &p, *out)) return;
  const View in = view_of(*self);
  const View vo = view_of(*out);
  const int r = in.rank;
  const int64_t batch = r == 4 ? in.sizes[0] : 1;
  const int64_t channels = in.sizes[r - 3];
  const int64_t ies = static_cast<int64_t>(element_size(in.dtype));
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      const char* ib = in.data + ((r == 4 ? n * in.strides[0] : 0) + c * in.strides[r - 3]) * ies;
      char* ob = vo.data + ((r == 4 ? n * vo.strides[0] : 0) + c * vo.strides[r - 3]) * ies;
      if (self->dtype == ScalarType::Double) {
        avg_pool_plane<double>(p, o, in, vo, ib, ob);
      } else {
        avg_pool_plane<float>(p, o, in, vo, ib, ob);
      }
    }
  }
}

}  // namespace portable
}  // namespace wick
