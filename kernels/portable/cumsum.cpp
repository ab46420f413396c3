// aten::cumsum.out(self, dim, dtype?): running sum along dim. Floats
// accumulate in double (torch's CPU accumulate type); integers and bool in
// int64, so the default integer result is int64 as in torch.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/shape.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

void cumsum_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  int64_t dim = 0;
  bool has_dtype = false;
  int64_t dtype = 0;
  int d = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !get_optional_int(ctx, args, 2, "dtype", &has_dtype, &dtype) ||
      !wrap_dim(ctx, dim, self->dim, &d) || !check_supported_dtype(ctx, *self, "self") ||
      !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  if (has_dtype && dtype != static_cast<int64_t>(out->dtype)) {
    fail_invalid(ctx, "dtype argument %lld differs from out dtype %s",
                 static_cast<long long>(dtype), scalar_type_name(out->dtype));
    return;
  }
  if (is_floating(self->dtype) && !is_floating(out->dtype)) {
    fail_invalid(ctx, "a floating cumsum can't be stored in %s", scalar_type_name(out->dtype));
    return;
  }
  if (!resize_output(ctx, *out, self->sizes, self->dim)) return;
  View vi = view_of(*self);
  View vo = view_of(*out);
  const int64_t length = self->dim > 0 ? vi.sizes[d] : 1;
  const int64_t is = self->dim > 0 ? vi.strides[d] * static_cast<int64_t>(self->element_size()) : 0;
  const int64_t os = self->dim > 0 ? vo.strides[d] * static_cast<int64_t>(out->element_size()) : 0;
  if (self->dim > 0) {
    vi.sizes[d] = 1;
    vo.sizes[d] = 1;
  }
  if (self->numel == 0) return;
  const bool floating = is_floating(self->dtype) || is_floating(out->dtype);
  const View* views[2] = {&vo, &vi};
  for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const char* src = p[1] + i * s[1];
      char* dst = p[0] + i * s[0];
      if (floating) {
        double acc = 0.0;
        for (int64_t k = 0; k < length; ++k) {
          acc += load_double(src + k * is, self->dtype);
          store_as<double>(dst + k * os, out->dtype, acc);
        }
      } else {
        uint64_t acc = 0;
        for (int64_t k = 0; k < length; ++k) {
          acc += static_cast<uint64_t>(load_int64(src + k * is, self->dtype));
          store_as<int64_t>(dst + k * os, out->dtype, static_cast<int64_t>(acc));
        }
      }
    }
  });
}

}  // namespace portable
}  // namespace wick
