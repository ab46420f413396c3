// aten::glu.out(self, dim): splits dim in halves a | b and returns
// a * sigmoid(b) (floating dtypes; dim size must be even).
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

void glu_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  int64_t dim = -1;
  int d = 0;
  if (self == nullptr || out == nullptr || !get_int(ctx, args, 1, "dim", &dim) ||
      !check_dtype(ctx, *out, "out", self->dtype)) {
    return;
  }
  if (!is_floating(self->dtype) || self->dim == 0) {
    fail_invalid(ctx, "glu needs a floating tensor of rank >= 1");
    return;
  }
  if (!wrap_dim(ctx, dim, self->dim, &d)) return;
  if (self->sizes[d] % 2 != 0) {
    fail_invalid(ctx, "dimension %d has odd size %d", d, static_cast<int>(self->sizes[d]));
    return;
  }
  const int64_t half = self->sizes[d] / 2;
  int32_t sizes[kMaxRank];
  for (int k = 0; k < self->dim; ++k) sizes[k] = self->sizes[k];
  sizes[d] = static_cast<int32_t>(half);
  if (!resize_output(ctx, *out, sizes, self->dim)) return;
  const View in = view_of(*self);
  const View a = narrow_view(in, d, 0, half);
  const View b = narrow_view(in, d, half, half);
  const View o = view_of(*out);
  const View* views[3] = {&o, &a, &b};
  const ScalarType t = self->dtype;
  for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const float av = load_as<float>(p[1] + i * s[1], t);
      const float bv = load_as<float>(p[2] + i * s[2], t);
      store_as<float>(p[0] + i * s[0], t, av * (1.0f / (1.0f + std::exp(-bv))));
    }
  });
}

}  // namespace portable
}  // namespace wick
