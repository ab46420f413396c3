// aten::native_layer_norm.out(input, normalized_shape, weight?, bias?, eps,
// out, mean, rstd): normalises over the trailing normalized_shape dims.
// mean/rstd have input's leading dims followed by ones. Moments accumulate in
// double; the affine step is y = (x * rstd - mean * rstd) * w + b in float,
// as torch's CPU kernel orders it.
#include <cmath>

#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {
namespace {

// Element i (logical, row-major) of the trailing `inner_rank` dims of v,
// starting from `base`.
const char* inner_element(const View& v, int first_dim, const char* base, int64_t i) {
  int64_t offset = 0;
  for (int d = v.rank - 1; d >= first_dim; --d) {
    offset += (i % v.sizes[d]) * v.strides[d];
    i /= v.sizes[d];
  }
  return base + offset * static_cast<int64_t>(element_size(v.dtype));
}

bool check_affine(KernelContext& ctx, const Tensor* t, const char* name, const Tensor& input,
                  int axis) {
  if (t == nullptr) return true;
  bool same = t->dim == input.dim - axis;
  for (int d = 0; same && d < t->dim; ++d) same = t->sizes[d] == input.sizes[axis + d];
  if (!same) return fail_invalid(ctx, "%s must have the normalized shape", name);
  return check_dtype(ctx, *t, name, input.dtype);
}

}  // namespace

void native_layer_norm_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 8, 3)) return;
  Tensor* input = get_tensor(ctx, args, 0, "input");
  Span<const int64_t> shape;
  Tensor* weight = nullptr;
  Tensor* bias = nullptr;
  double eps = 0.0;
  Tensor* out = get_tensor(ctx, args, 5, "out");
  Tensor* mean_out = get_tensor(ctx, args, 6, "mean");
  Tensor* rstd_out = get_tensor(ctx, args, 7, "rstd");
  if (input == nullptr || out == nullptr || mean_out == nullptr || rstd_out == nullptr ||
      !get_int_list(ctx, args, 1, "normalized_shape", &shape) ||
      !get_optional_tensor(ctx, args, 2, "weight", &weight) ||
      !get_optional_tensor(ctx, args, 3, "bias", &bias) || !get_double(ctx, args, 4, "eps", &eps)) {
    return;
  }
  if (!is_floating(input->dtype)) {
    fail_invalid(ctx, "input must be floating, got %s", scalar_type_name(input->dtype));
    return;
  }
  const int axis = input->dim - static_cast<int>(shape.size());
  if (shape.size() == 0 || axis < 0) {
    fail_invalid(ctx, "normalized_shape (%lu dims) must be non-empty and fit the input rank %d",
                 static_cast<unsigned long>(shape.size()), input->dim);
    return;
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != input->sizes[axis + static_cast<int>(i)]) {
      fail_invalid(ctx, "normalized_shape does not match the input's trailing dims");
      return;
    }
  }
  if (!check_affine(ctx, weight, "weight", *input, axis) ||
      !check_affine(ctx, bias, "bias", *input, axis) ||
      !check_dtype(ctx, *out, "out", input->dtype) ||
      !check_dtype(ctx, *mean_out, "mean", input->dtype) ||
      !check_dtype(ctx, *rstd_out, "rstd", input->dtype)) {
    return;
  }
  int32_t stat_sizes[kMaxRank];
  for (int d = 0; d < input->dim; ++d) stat_sizes[d] = d < axis ? input->sizes[d] : 1;
  if (!resize_output(ctx, *out, input->sizes, input->dim) ||
      !resize_output(ctx, *mean_out, stat_sizes, input->dim) ||
      !resize_output(ctx, *rstd_out, stat_sizes, input->dim)) {
    return;
  }
  int64_t rows = 1;
  int64_t cols = 1;
  for (int d = 0; d < input->dim; ++d) (d < axis ? rows : cols) *= input->sizes[d];
  if (rows == 0) return;
  const View in = view_of(*input);
  const View o = view_of(*out);
  const View vm = view_of(*mean_out);
  const View vr = view_of(*rstd_out);
  const View vw = weight != nullptr ? view_of(*weight) : View();
  const View vb = bias != nullptr ? view_of(*bias) : View();
  const ScalarType t = input->dtype;
  for (int64_t r = 0; r < rows; ++r) {
    // Base of row r in each tensor (leading dims unravelled).
    int64_t in_off = 0, out_off = 0, m_off = 0, r_off = 0, rem = r;
    for (int d = axis - 1; d >= 0; --d) {
      const int64_t idx = rem % in.sizes[d];
      rem /= in.sizes[d];
      in_off += idx * in.strides[d];
      out_off += idx * o.strides[d];
      m_off += idx * vm.strides[d];
      r_off += idx * vr.strides[d];
    }
    const int64_t es = static_cast<int64_t>(element_size(t));
    const char* in_row = in.data + in_off * es;
    char* out_row = o.data + out_off * es;
    double sum = 0.0;
    for (int64_t i = 0; i < cols; ++i) sum += load_double(inner_element(in, axis, in_row, i), t);
    const double mean = cols > 0 ? sum / static_cast<double>(cols) : NAN;
    double sq = 0.0;
    for (int64_t i = 0; i < cols; ++i) {
      const double dv = load_double(inner_element(in, axis, in_row, i), t) - mean;
      sq += dv * dv;
    }
    const double var = cols > 0 ? sq / static_cast<double>(cols) : NAN;
    const float rstd = static_cast<float>(1.0 / std::sqrt(var + eps));
    const float mean_f = static_cast<float>(mean);
    const float shift = -mean_f * rstd;
    for (int64_t i = 0; i < cols; ++i) {
      float y = load_as<float>(inner_element(in, axis, in_row, i), t) * rstd + shift;
      if (weight != nullptr) y *= load_as<float>(inner_element(vw, 0, vw.data, i), t);
      if (bias != nullptr) y += load_as<float>(inner_element(vb, 0, vb.data, i), t);
      store_as<float>(const_cast<char*>(inner_element(o, axis, out_row, i)), t, y);
    }
    store_as<double>(vm.data + m_off * es, t, mean);
    store_as<float>(vr.data + r_off * es, t, rstd);
  }
}

}  // namespace portable
}  // namespace wick
