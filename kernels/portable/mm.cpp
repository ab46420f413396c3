// aten::mm.out(self, mat2), aten::bmm.out(self, mat2),
// aten::addmm.out(self, mat1, mat2, beta, alpha) and
// aten::linear.out(input, weight, bias?). All operands share one dtype.
// addmm follows BLAS: beta == 0 ignores self (NaN in self does not leak).
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/elementwise.h"
#include "kernels/portable/util/math.h"
#include "kernels/portable/util/matmul.h"

namespace wick {
namespace portable {
namespace {

bool check_matmul_dtypes(KernelContext& ctx, const Tensor& a, const Tensor& b, const Tensor& out) {
  if (matmul_dtype_ok(a.dtype, b.dtype, out.dtype)) return true;
  return fail_invalid(ctx, "operands must share one numeric dtype (got %s, %s, out %s)",
                      scalar_type_name(a.dtype), scalar_type_name(b.dtype),
                      scalar_type_name(out.dtype));
}

bool check_inner(KernelContext& ctx, int64_t k_a, int64_t k_b) {
  if (k_a == k_b) return true;
  return fail_invalid(ctx, "inner dimensions differ: %lld vs %lld", static_cast<long long>(k_a),
                      static_cast<long long>(k_b));
}

// out = beta * bias (broadcast to out), or zero when bias is null or beta 0.
void init_output(const View& out, const Tensor* bias, double beta) {
  if (bias == nullptr || beta == 0.0) {
    fill_view(out, Scalar::from_int(0));
    return;
  }
  View vb;
  int32_t sizes[2] = {static_cast<int32_t>(out.sizes[0]), static_cast<int32_t>(out.sizes[1])};
  broadcast_view(*bias, 2, sizes, &vb);
  copy_view(out, vb);
  if (beta != 1.0) {
    const View* views[2] = {&out, &out};
    const Loop<2> loop = make_loop(views);
    switch_compute_type(out.dtype, [&](auto tag) {
      using CT = typename decltype(tag)::type;
      const CT b = static_cast<CT>(beta);
      map_unary<CT>(loop, out.dtype, out.dtype, [b](CT x) { return wrap_mul<CT>(b, x); });
    });
  }
}

bool bias_broadcasts(KernelContext& ctx, const Tensor& bias, int64_t m, int64_t n) {
  View unused;
  const int32_t sizes[2] = {static_cast<int32_t>(m), static_cast<int32_t>(n)};
  if (broadcast_view(bias, 2, sizes, &unused)) return true;
  return fail_invalid(ctx, "bias (rank %d) does not broadcast to [%lld, %lld]", bias.dim,
                      static_cast<long long>(m), static_cast<long long>(n));
}

// out[m, n] = beta * bias + alpha * a[m, k] @ b[k, n] for 2-D views.
void affine_2d(KernelContext& ctx, const View& a, const View& b, const Tensor* bias, double beta,
               double alpha, Tensor& out) {
  const int32_t sizes[2] = {static_cast<int32_t>(a.sizes[0]), static_cast<int32_t>(b.sizes[1])};
  if (bias != nullptr && !bias_broadcasts(ctx, *bias, sizes[0], sizes[1])) return;
  if (!resize_output(ctx, out, sizes, 2)) return;
  const View c = view_of(out);
  init_output(c, bias, beta);
  matmul_accumulate(a, b, c, alpha);
}

bool is_matrix(KernelContext& ctx, const Tensor& t, const char* name) {
  if (t.dim == 2) return true;
  return fail_invalid(ctx, "%s must be 2-D, got rank %d", name, t.dim);
}

}  // namespace

void mm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* a = get_tensor(ctx, args, 0, "self");
  Tensor* b = get_tensor(ctx, args, 1, "mat2");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (a == nullptr || b == nullptr || out == nullptr || !is_matrix(ctx, *a, "self") ||
      !is_matrix(ctx, *b, "mat2") || !check_matmul_dtypes(ctx, *a, *b, *out) ||
      !check_inner(ctx, a->sizes[1], b->sizes[0])) {
    return;
  }
  affine_2d(ctx, view_of(*a), view_of(*b), nullptr, 0.0, 1.0, *out);
}

void addmm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 6, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* a = get_tensor(ctx, args, 1, "mat1");
  Tensor* b = get_tensor(ctx, args, 2, "mat2");
  Tensor* out = get_tensor(ctx, args, 5, "out");
  Scalar beta = Scalar::from_int(1);
  Scalar alpha = Scalar::from_int(1);
  if (self == nullptr || a == nullptr || b == nullptr || out == nullptr ||
      !get_scalar(ctx, args, 3, "beta", &beta) || !get_scalar(ctx, args, 4, "alpha", &alpha) ||
      !is_matrix(ctx, *a, "mat1") || !is_matrix(ctx, *b, "mat2") ||
      !check_matmul_dtypes(ctx, *a, *b, *out) || !check_dtype(ctx, *self, "self", out->dtype) ||
      !check_inner(ctx, a->sizes[1], b->sizes[0])) {
    return;
  }
  affine_2d(ctx, view_of(*a), view_of(*b), self, beta.as_double(), alpha.as_double(), *out);
}

void linear_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 4, 1)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Tensor* weight = get_tensor(ctx, args, 1, "weight");
  Tensor* bias = nullptr;
  Tensor* out = get_tensor(ctx, args, 3, "out");
  if (input == nullptr || weight == nullptr || out == nullptr ||
      !get_optional_tensor(ctx, args, 2, "bias", &bias) || !is_matrix(ctx, *weight, "weight") ||
      !check_matmul_dtypes(ctx, *input, *weight, *out)) {
    return;
  }
  if (input->dim < 1 || !check_inner(ctx, input->sizes[input->dim - 1], weight->sizes[1])) {
    if (ctx.failure() == Error::Ok) fail_invalid(ctx, "input must have rank >= 1");
    return;
  }
  if (bias != nullptr && !check_dtype(ctx, *bias, "bias", out->dtype)) return;
  // Flatten input to [rows, k]: rows = product of leading dims (contiguous
  // inputs only, so the rows are evenly strided).
  if (!input->is_contiguous() || !out->is_contiguous()) {
    fail_invalid(ctx, "input and out must be contiguous");
    return;
  }
  int32_t sizes[kMaxRank];
  for (int d = 0; d + 1 < input->dim; ++d) sizes[d] = input->sizes[d];
  sizes[input->dim - 1] = weight->sizes[0];
  if (!resize_output(ctx, *out, sizes, input->dim)) return;
  const int64_t k = weight->sizes[1];
  const int64_t n = weight->sizes[0];
  const int64_t rows = k == 0 ? static_cast<int64_t>(out->numel) / (n > 0 ? n : 1)
                              : static_cast<int64_t>(input->numel) / k;
  const int64_t shape_a[2] = {rows, k};
  const int64_t shape_c[2] = {rows, n};
  const View a = contiguous_view(static_cast<char*>(input->data), input->dtype, 2, shape_a);
  const View c = contiguous_view(static_cast<char*>(out->data), out->dtype, 2, shape_c);
  View w = view_of(*weight);  // [n, k] read as [k, n]
  View wt = w;
  wt.sizes[0] = w.sizes[1];
  wt.sizes[1] = w.sizes[0];
  wt.strides[0] = w.strides[1];
  wt.strides[1] = w.strides[0];
  if (bias != nullptr && !bias_broadcasts(ctx, *bias, rows, n)) return;
  init_output(c, bias, 1.0);
  matmul_accumulate(a, wt, c, 1.0);
}

void bmm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Tensor* a = get_tensor(ctx, args, 0, "self");
  Tensor* b = get_tensor(ctx, args, 1, "mat2");
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (a == nullptr || b == nullptr || out == nullptr || !check_matmul_dtypes(ctx, *a, *b, *out)) {
    return;
  }
  if (a->dim != 3 || b->dim != 3 || a->sizes[0] != b->sizes[0]) {
    fail_invalid(ctx, "expected [B, m, k] and [B, k, n] with equal batch sizes");
    return;
  }
  if (!check_inner(ctx, a->sizes[2], b->sizes[1])) return;
  const int32_t sizes[3] = {a->sizes[0], a->sizes[1], b->sizes[2]};
  if (!resize_output(ctx, *out, sizes, 3)) return;
  const View va = view_of(*a);
  const View vb = view_of(*b);
  const View vc = view_of(*out);
  fill_view(vc, Scalar::from_int(0));
  for (int64_t i = 0; i < sizes[0]; ++i) {
    matmul_accumulate(select_view(va, 0, i), select_view(vb, 0, i), select_view(vc, 0, i), 1.0);
  }
}

}  // namespace portable
}  // namespace wick
