// aten::where.self_out(condition, self, other): out = condition ? self :
// other, all three broadcast together; self and other promote. condition is
// bool (uint8 accepted, as older exports produce).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/arith.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/dtype.h"

namespace wick {
namespace portable {
namespace {

template <typename CT>
void where_math(const Loop<4>& loop, const ScalarType* dtypes) {
  const bool typed = dtypes[0] == dtype_of<CT>() && dtypes[2] == dtype_of<CT>() &&
                     dtypes[3] == dtype_of<CT>();
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      const bool c = *reinterpret_cast<const uint8_t*>(p[1] + i * s[1]) != 0;
      char* src = c ? p[2] + i * s[2] : p[3] + i * s[3];
      const ScalarType st = c ? dtypes[2] : dtypes[3];
      if (typed) {
        *reinterpret_cast<CT*>(p[0] + i * s[0]) = *reinterpret_cast<const CT*>(src);
      } else {
        store_as<CT>(p[0] + i * s[0], dtypes[0], load_as<CT>(src, st));
      }
    }
  });
}

}  // namespace

void where_self_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* cond = get_tensor(ctx, args, 0, "condition");
  Tensor* self = get_tensor(ctx, args, 1, "self");
  Tensor* other = get_tensor(ctx, args, 2, "other");
  Tensor* out = get_tensor(ctx, args, 3, "out");
  if (cond == nullptr || self == nullptr || other == nullptr || out == nullptr) return;
  if (cond->dtype != ScalarType::Bool && cond->dtype != ScalarType::Byte) {
    fail_invalid(ctx, "condition must be bool, got %s", scalar_type_name(cond->dtype));
    return;
  }
  if (!check_supported_dtype(ctx, *self, "self") || !check_supported_dtype(ctx, *other, "other") ||
      !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  const ScalarType common = result_type(*self, *other);
  if (!check_can_cast(ctx, common, *out)) return;
  int32_t sizes[kMaxRank];
  int32_t tmp[kMaxRank];
  int rank = 0;
  int tmp_rank = 0;
  if (!broadcast_shapes(self->sizes, self->dim, other->sizes, other->dim, tmp, &tmp_rank) ||
      !broadcast_shapes(cond->sizes, cond->dim, tmp, tmp_rank, sizes, &rank)) {
    fail_invalid(ctx, "condition, self and other do not broadcast together");
    return;
  }
  if (!resize_output(ctx, *out, sizes, rank)) return;
  View vo = view_of(*out);
  View vc;
  View va;
  View vb;
  broadcast_view(*cond, rank, sizes, &vc);
  broadcast_view(*self, rank, sizes, &va);
  broadcast_view(*other, rank, sizes, &vb);
  const View* views[4] = {&vo, &vc, &va, &vb};
  const Loop<4> loop = make_loop(views);
  const ScalarType dtypes[4] = {out->dtype, cond->dtype, self->dtype, other->dtype};
  switch_compute_type(common, [&](auto tag) { where_math<typename decltype(tag)::type>(loop, dtypes); });
}

}  // namespace portable
}  // namespace wick
