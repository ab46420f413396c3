// aten::constant_pad_nd.out(self, pad, value): pads (or, with negative
// amounts, crops) the trailing dimensions. pad = [last_before, last_after,
// second_last_before, ...]; new cells hold `value`.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"

namespace wick {
namespace portable {

void constant_pad_nd_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  Span<const int64_t> pad;
  Scalar value = Scalar::from_int(0);
  if (self == nullptr || out == nullptr || !get_int_list(ctx, args, 1, "pad", &pad) ||
      !get_scalar(ctx, args, 2, "value", &value)) {
    return;
  }
  if (!check_supported_dtype(ctx, *self, "self") || !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (pad.size() % 2 != 0 || pad.size() > 2u * self->dim) {
    fail_invalid(ctx, "pad has %lu entries; expected an even count up to %d",
                 static_cast<unsigned long>(pad.size()), 2 * self->dim);
    return;
  }
  const int rank = self->dim;
  int64_t before[kMaxRank] = {};
  int64_t after[kMaxRank] = {};
  int32_t sizes[kMaxRank];
  for (size_t i = 0; i < pad.size() / 2; ++i) {
    const int d = rank - 1 - static_cast<int>(i);
    before[d] = pad[2 * i];
    after[d] = pad[2 * i + 1];
  }
  for (int d = 0; d < rank; ++d) {
    if (before[d] < -INT32_MAX || before[d] > INT32_MAX || after[d] < -INT32_MAX ||
        after[d] > INT32_MAX) {
      fail_invalid(ctx, "pad amount out of range at dim %d", d);
      return;
    }
    const int64_t size = self->sizes[d] + before[d] + after[d];
    if (size < 0 || size > INT32_MAX) {
      fail_invalid(ctx, "padding gives dimension %d the invalid size %lld", d,
                   static_cast<long long>(size));
      return;
    }
    sizes[d] = static_cast<int32_t>(size);
  }
  if (!resize_output(ctx, *out, sizes, rank)) return;
  View dst = view_of(*out);
  fill_view(dst, value);
  View src = view_of(*self);
  for (int d = 0; d < rank; ++d) {
    const int64_t in_start = before[d] < 0 ? -before[d] : 0;
    const int64_t out_start = before[d] > 0 ? before[d] : 0;
    int64_t length = self->sizes[d] - in_start - (after[d] < 0 ? -after[d] : 0);
    if (length <= 0) return;  // everything was cropped away: only padding remains
    src = narrow_view(src, d, in_start, length);
    dst = narrow_view(dst, d, out_start, length);
  }
  copy_view(dst, src);
}

}  // namespace portable
}  // namespace wick
