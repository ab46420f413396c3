// aten::upsample_nearest2d.vec_out(input, output_size?, scale_factors?) and
// aten::upsample_bilinear2d.vec_out(input, output_size?, align_corners,
// scale_factors?) on [N, C, H, W] floating tensors of any dim order. Source
// coordinates follow torch's formulas (float arithmetic, same clamping).
#include <string.h>

#include <algorithm>
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

struct UpsampleAxis {
  int64_t in = 0, out = 0;
  bool has_scale = false;
  double scale_factor = 1.0;
};

// Reads output_size / scale_factors (exactly one given) into the two axes.
bool read_sizes(KernelContext& ctx, Span<EValue*> args, size_t size_i, size_t scale_i,
                const Tensor& input, UpsampleAxis* h, UpsampleAxis* w) {
  if (input.dim != 4) return fail_invalid(ctx, "input must be [N, C, H, W], got rank %d", input.dim);
  if (!is_floating(input.dtype)) {
    return fail_invalid(ctx, "input must be floating, got %s", scalar_type_name(input.dtype));
  }
  h->in = input.sizes[2];
  w->in = input.sizes[3];
  bool has_size = false;
  Span<const int64_t> size;
  if (!get_optional_int_list(ctx, args, size_i, "output_size", &has_size, &size)) return false;
  const EValue* scales = args[scale_i];
  const bool has_scales = !scales->is_none();
  if (has_size == has_scales) {
    return fail_invalid(ctx, "exactly one of output_size and scale_factors must be given");
  }
  if (has_size) {
    if (size.size() != 2) return fail_invalid(ctx, "output_size must have 2 entries");
    h->out = size[0];
    w->out = size[1];
  } else {
    if (!scales->is_double_list() || scales->to_double_list().size() != 2) {
      return fail_invalid(ctx, "scale_factors must be a list of 2 floats");
    }
    const Span<const double> f = scales->to_double_list();
    if (!(f[0] > 0 && f[1] > 0)) return fail_invalid(ctx, "scale_factors must be positive");
    h->has_scale = w->has_scale = true;
    h->scale_factor = f[0];
    w->scale_factor = f[1];
    h->out = static_cast<int64_t>(std::floor(static_cast<double>(h->in) * f[0]));
    w->out = static_cast<int64_t>(std::floor(static_cast<double>(w->in) * f[1]));
  }
  if (h->out <= 0 || w->out <= 0 || h->out > INT32_MAX || w->out > INT32_MAX || h->in == 0 ||
      w->in == 0) {
    return fail_invalid(ctx, "invalid upsampling from %lldx%lld to %lldx%lld",
                        static_cast<long long>(h->in), static_cast<long long>(w->in),
                        static_cast<long long>(h->out), static_cast<long long>(w->out));
  }
  return true;
}

// torch's compute_scales_value / area_pixel_compute_scale.
float axis_scale(const UpsampleAxis& a, bool align_corners) {
  if (align_corners) {
    return a.out > 1 ? static_cast<float>(a.in - 1) / static_cast<float>(a.out - 1) : 0.0f;
  }
  return a.has_scale ? static_cast<float>(1.0 / a.scale_factor)
                     : static_cast<float>(a.in) / static_cast<float>(a.out);
}

bool resize_4d(KernelContext& ctx, const Tensor& input, const UpsampleAxis& h,
               const UpsampleAxis& w, Tensor& out) {
  if (!check_dtype(ctx, out, "out", input.dtype)) return false;
  const int32_t sizes[4] = {input.sizes[0], input.sizes[1], static_cast<int32_t>(h.out),
                            static_cast<int32_t>(w.out)};
  return resize_output(ctx, out, sizes, 4);
}

const char* at(const View& v, int64_t n, int64_t c, int64_t y, int64_t x) {
  return v.data + (n * v.strides[0] + c * v.strides[1] + y * v.strides[2] + x * v.strides[3]) *
                      static_cast<int64_t>(element_size(v.dtype));
}

}  // namespace

void upsample_nearest2d_vec_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  UpsampleAxis h, w;
  if (input == nullptr || out == nullptr || !read_sizes(ctx, args, 1, 2, *input, &h, &w) ||
      !resize_4d(ctx, *input, h, w, *out)) {
    return;
  }
  const float sh = axis_scale(h, false), sw = axis_scale(w, false);
  const View in = view_of(*input), o = view_of(*out);
  for (int64_t n = 0; n < in.sizes[0]; ++n)
    for (int64_t c = 0; c < in.sizes[1]; ++c)
      for (int64_t y = 0; y < h.out; ++y) {
        const int64_t sy = std::min(static_cast<int64_t>(std::floor(y * sh)), h.in - 1);
        for (int64_t x = 0; x < w.out; ++x) {
          const int64_t sx = std::min(static_cast<int64_t>(std::floor(x * sw)), w.in - 1);
          memcpy(const_cast<char*>(at(o, n, c, y, x)), at(in, n, c, sy, sx), element_size(in.dtype));
        }
      }
}

void upsample_bilinear2d_vec_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 5, 1)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* out = get_tensor(ctx, args, 4, "out");
  bool align = false;
  UpsampleAxis h, w;
  if (input == nullptr || out == nullptr || !get_bool(ctx, args, 2, "align_corners", &align) ||
      !read_sizes(ctx, args, 1, 3, *input, &h, &w) || !resize_4d(ctx, *input, h, w, *out)) {
    return;
  }
  const float sh = axis_scale(h, align), sw = axis_scale(w, align);
  auto source = [align](float scale, int64_t dst) {
    if (align) return scale * static_cast<float>(dst);
    const float src = scale * (static_cast<float>(dst) + 0.5f) - 0.5f;
    return src < 0.0f ? 0.0f : src;
  };
  const View in = view_of(*input), o = view_of(*out);
  const ScalarType t = input->dtype;
  for (int64_t n = 0; n < in.sizes[0]; ++n)
    for (int64_t c = 0; c < in.sizes[1]; ++c)
      for (int64_t y = 0; y < h.out; ++y) {
        const float ry = source(sh, y);
        const int64_t y0 = static_cast<int64_t>(ry);
        const int64_t y1 = y0 + (y0 < h.in - 1 ? 1 : 0);
        const float ly1 = ry - static_cast<float>(y0), ly0 = 1.0f - ly1;
        for (int64_t x = 0; x < w.out; ++x) {
          const float rx = source(sw, x);
          const int64_t x0 = static_cast<int64_t>(rx);
          const int64_t x1 = x0 + (x0 < w.in - 1 ? 1 : 0);
          const float lx1 = rx - static_cast<float>(x0), lx0 = 1.0f - lx1;
          const float v = ly0 * (lx0 * load_as<float>(at(in, n, c, y0, x0), t) +
                                 lx1 * load_as<float>(at(in, n, c, y0, x1), t)) +
                          ly1 * (lx0 * load_as<float>(at(in, n, c, y1, x0), t) +
                                 lx1 * load_as<float>(at(in, n, c, y1, x1), t));
          store_as<float>(const_cast<char*>(at(o, n, c, y, x)), t, v);
        }
      }
}

}  // namespace portable
}  // namespace wick
