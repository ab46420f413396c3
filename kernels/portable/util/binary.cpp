#include "kernels/portable/util/binary.h"

#include <string.h>

#include "kernels/portable/util/promote.h"

namespace wick {
namespace portable {

ScalarBox box_scalar_as(const Scalar& s, ScalarType dtype) {
  ScalarBox box;
  box.dtype = dtype;
  if (s.is_floating()) {
    store_as<double>(box.bytes, dtype, s.as_double());
  } else {
    store_as<int64_t>(box.bytes, dtype, s.as_int());
  }
  return box;
}

ScalarBox box_scalar(const Scalar& s, ScalarType compute) {
  return box_scalar_as(s, (compute == ScalarType::Half || compute == ScalarType::BFloat16)
                              ? ScalarType::Float
                              : compute);
}

bool check_can_cast(KernelContext& ctx, ScalarType common, const Tensor& out) {
  if (can_cast(common, out.dtype)) return true;
  return fail_invalid(ctx, "result type %s can't be cast to the output dtype %s",
                      scalar_type_name(common), scalar_type_name(out.dtype));
}

bool plan_binary(KernelContext& ctx, const Tensor& a, const Tensor& b, Tensor& out,
                 BinaryPlan* plan) {
  if (!check_supported_dtype(ctx, a, "self") || !check_supported_dtype(ctx, b, "other") ||
      !check_supported_dtype(ctx, out, "out")) {
    return false;
  }
  int32_t sizes[kMaxRank];
  int rank = 0;
  if (!broadcast_shapes(a.sizes, a.dim, b.sizes, b.dim, sizes, &rank)) {
    return fail_invalid(ctx, "shapes of self (rank %d) and other (rank %d) do not broadcast",
                        a.dim, b.dim);
  }
  if (!resize_output(ctx, out, sizes, rank)) return false;
  View vo = view_of(out);
  View va;
  View vb;
  broadcast_view(a, rank, sizes, &va);
  broadcast_view(b, rank, sizes, &vb);
  const View* views[3] = {&vo, &va, &vb};
  plan->loop = make_loop(views);
  plan->out_t = out.dtype;
  plan->a_t = a.dtype;
  plan->b_t = b.dtype;
  return true;
}

bool plan_binary_scalar(KernelContext& ctx, const Tensor& a, const ScalarBox& b, Tensor& out,
                        BinaryPlan* plan) {
  if (!check_supported_dtype(ctx, a, "self") || !check_supported_dtype(ctx, out, "out")) {
    return false;
  }
  if (!resize_output(ctx, out, a.sizes, a.dim)) return false;
  View vo = view_of(out);
  View va = view_of(a);
  View vb;
  vb.data = const_cast<char*>(reinterpret_cast<const char*>(b.bytes));
  vb.dtype = b.dtype;
  vb.rank = a.dim;
  for (int d = 0; d < a.dim; ++d) vb.sizes[d] = a.sizes[d];
  const View* views[3] = {&vo, &va, &vb};
  plan->loop = make_loop(views);
  plan->out_t = out.dtype;
  plan->a_t = a.dtype;
  plan->b_t = b.dtype;
  return true;
}

bool has_zero(const Tensor& t) {
  View v = view_of(t);
  const View* views[1] = {&v};
  bool zero = false;
  for_each_row(make_loop(views), [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n && !zero; ++i) zero = load_int64(p[0] + i * s[0], t.dtype) == 0;
  });
  return zero;
}

bool plan_unary(KernelContext& ctx, const Tensor& a, Tensor& out, Loop<2>* loop) {
  if (!check_supported_dtype(ctx, a, "self") || !check_supported_dtype(ctx, out, "out")) {
    return false;
  }
  if (!resize_output(ctx, out, a.sizes, a.dim)) return false;
  View vo = view_of(out);
  View va = view_of(a);
  const View* views[2] = {&vo, &va};
  *loop = make_loop(views);
  return true;
}

}  // namespace portable
}  // namespace wick
