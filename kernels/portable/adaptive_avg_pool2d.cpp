// aten::_adaptive_avg_pool2d.out(self, output_size): output cell (oh, ow)
// averages input rows [floor(oh*H/OH), ceil((oh+1)*H/OH)) and the same for
// columns, as torch. Floating dtypes; float16/bfloat16 accumulate in float.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

int64_t start_index(int64_t o, int64_t out_size, int64_t in_size) {
  return (o * in_size) / out_size;
}
int64_t end_index(int64_t o, int64_t out_size, int64_t in_size) {
  return ((o + 1) * in_size + out_size - 1) / out_size;
}

template <typename Acc>
void adaptive_plane(const View& in, const View& out, const char* in_base, char* out_base) {
  const int r = in.rank;
  const int64_t in_h = in.sizes[r - 2], in_w = in.sizes[r - 1];
  const int64_t out_h = out.sizes[r - 2], out_w = out.sizes[r - 1];
  const int64_t es = static_cast<int64_t>(element_size(in.dtype));
  for (int64_t oh = 0; oh < out_h; ++oh) {
    const int64_t h0 = start_index(oh, out_h, in_h), h1 = end_index(oh, out_h, in_h);
    for (int64_t ow = 0; ow < out_w; ++ow) {
      const int64_t w0 = start_index(ow, out_w, in_w), w1 = end_index(ow, out_w, in_w);
      Acc sum = 0;
      for (int64_t h = h0; h < h1; ++h) {
        for (int64_t w = w0; w < w1; ++w) {
          sum += load_as<Acc>(in_base + (h * in.strides[r - 2] + w * in.strides[r - 1]) * es, in.dtype);
        }
      }
      store_as<Acc>(out_base + (oh * out.strides[r - 2] + ow * out.strides[r - 1]) * es, out.dtype,
                    sum / static_cast<Acc>((h1 - h0) * (w1 - w0)));
    }
  }
}

}  // namespace

void adaptive_avg_pool2d_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  Span<const int64_t> size;
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "output_size", &size) ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (!is_floating(self->dtype)) {
    fail_invalid(ctx, "needs a floating tensor, got %s", scalar_type_name(self->dtype));
    return;
  }
  if (self->dim != 3 && self->dim != 4) {
    fail_invalid(ctx, "input must be [C, H, W] or [N, C, H, W], got rank %d", self->dim);
    return;
  }
  if (size.size() != 2 || size[0] <= 0 || size[1] <= 0 || size[0] > INT32_MAX ||
      size[1] > INT32_MAX) {
    fail_invalid(ctx, "output_size must be two positive sizes");
    return;
  }
  const int r = self->dim;
  int32_t sizes[4];
  for (int d = 0; d < r - 2; ++d) sizes[d] = self->sizes[d];
  sizes[r - 2] = static_cast<int32_t>(size[0]);
  sizes[r - 1] = static_cast<int32_t>(size[1]);
  if (self->sizes[r - 2] == 0 || self->sizes[r - 1] == 0) {
    fail_invalid(ctx, "input spatial size must be non-zero");
    return;
  }
  if (!resize_output(ctx, *out, sizes, r)) return;
  const View in = view_of(*self);
  const View vo = view_of(*out);
  const int64_t batch = r == 4 ? in.sizes[0] : 1;
  const int64_t es = static_cast<int64_t>(element_size(in.dtype));
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < in.sizes[r - 3]; ++c) {
      const char* ib = in.data + ((r == 4 ? n * in.strides[0] : 0) + c * in.strides[r - 3]) * es;
      char* ob = vo.data + ((r == 4 ? n * vo.strides[0] : 0) + c * vo.strides[r - 3]) * es;
      if (self->dtype == ScalarType::Double) {
        adaptive_plane<double>(in, vo, ib, ob);
      } else {
        adaptive_plane<float>(in, vo, ib, ob);
      }
    }
  }
}

}  // namespace portable
}  // namespace wick
