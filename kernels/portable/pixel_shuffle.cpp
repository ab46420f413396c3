// aten::pixel_shuffle.out(self, upscale_factor) and
// aten::pixel_unshuffle.out(self, downscale_factor) on [..., C, H, W]:
// shuffle moves C = c * r * r into c x (H * r) x (W * r); unshuffle inverts.
// Both are a 6-D strided view copy.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {
namespace {

void shuffle(KernelContext& ctx, Span<EValue*> args, bool up) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  int64_t r = 1;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "factor", &r) ||
      !check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  const int rank = self->dim;
  if (rank < 3 || rank > 10 || r <= 0 || r > 65536) {
    fail_invalid(ctx, "needs rank 3..10 and a positive factor (rank %d, factor %lld)", rank,
                 static_cast<long long>(r));
    return;
  }
  const int64_t c = self->sizes[rank - 3], h = self->sizes[rank - 2], w = self->sizes[rank - 1];
  if ((up && c % (r * r) != 0) || (!up && (h % r != 0 || w % r != 0))) {
    fail_invalid(ctx, "shape is not divisible by the factor %lld", static_cast<long long>(r));
    return;
  }
  const int64_t oc = up ? c / (r * r) : c * r * r;
  const int64_t oh = up ? h * r : h / r;
  const int64_t ow = up ? w * r : w / r;
  if (oh > INT32_MAX || ow > INT32_MAX || oc > INT32_MAX) {
    fail_invalid(ctx, "result is too large");
    return;
  }
  int32_t sizes[kMaxRank];
  for (int d = 0; d < rank - 3; ++d) sizes[d] = self->sizes[d];
  sizes[rank - 3] = static_cast<int32_t>(oc);
  sizes[rank - 2] = static_cast<int32_t>(oh);
  sizes[rank - 1] = static_cast<int32_t>(ow);
  if (!resize_output(ctx, *out, sizes, rank)) return;
  // The "small" side as [.., c', r, r, h', w'] and the "large" side as
  // [.., c', h', r, w', r]; shuffle copies small -> large, unshuffle back.
  const View in = view_of(*self);
  const View o = view_of(*out);
  const View& small = up ? in : o;
  const View& large = up ? o : in;
  const int64_t cs = up ? oc : c;   // c'
  const int64_t hs = up ? h : oh;   // h'
  const int64_t ws = up ? w : ow;   // w'
  const int lead = rank - 3;
  View vs;  // small side, dims ordered [.., c', h', r1, w', r2]
  View vl;
  vs.data = small.data;
  vl.data = large.data;
  vs.dtype = vl.dtype = self->dtype;
  vs.rank = vl.rank = lead + 5;
  for (int d = 0; d < lead; ++d) {
    vs.sizes[d] = vl.sizes[d] = self->sizes[d];
    vs.strides[d] = small.strides[d];
    vl.strides[d] = large.strides[d];
  }
  const int64_t shape5[5] = {cs, hs, r, ws, r};
  const int64_t sc = small.strides[lead], sh = small.strides[lead + 1], sw = small.strides[lead + 2];
  const int64_t small5[5] = {sc * r * r, sh, sc * r, sw, sc};
  const int64_t lc = large.strides[lead], lh = large.strides[lead + 1], lw = large.strides[lead + 2];
  const int64_t large5[5] = {lc, lh * r, lh, lw * r, lw};
  for (int k = 0; k < 5; ++k) {
    vs.sizes[lead + k] = vl.sizes[lead + k] = shape5[k];
    vs.strides[lead + k] = small5[k];
    vl.strides[lead + k] = large5[k];
  }
  if (up) {
    copy_view(vl, vs);
  } else {
    copy_view(vs, vl);
  }
}

}  // namespace

void pixel_shuffle_out(KernelContext& ctx, Span<EValue*> args) { shuffle(ctx, args, true); }

void pixel_unshuffle_out(KernelContext& ctx, Span<EValue*> args) { shuffle(ctx, args, false); }

}  // namespace portable
}  // namespace wick
