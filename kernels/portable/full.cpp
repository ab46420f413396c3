// Constant-filled outputs: aten::full.out(size, fill_value),
// aten::full_like.out(self, fill_value, dtype, layout, device, pin_memory,
// memory_format), aten::zeros_like.out / ones_like.out (same trailing
// arguments), aten::zeros.out(size), aten::ones.out(size) and
// aten::scalar_tensor.out(s). The fill value is cast to out's dtype.
#include "kernels/portable/ops.h"
#include "kernels/portable/util/args.h"
#include "kernels/portable/util/copy.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {
namespace {

void fill_sized(KernelContext& ctx, Tensor& out, Span<const int64_t> size, const Scalar& value) {
  int32_t sizes[kMaxRank];
  if (!check_supported_dtype(ctx, out, "out") || !sizes_from_list(ctx, size, sizes) ||
      !resize_output(ctx, out, sizes, static_cast<int>(size.size()))) {
    return;
  }
  fill_view(view_of(out), value);
}

// *_like(self, [fill_value,] dtype, layout, device, pin_memory, memory_format, out),
// or ExecuTorch's short form *_like(self, [fill_value,] memory_format, out).
void fill_like(KernelContext& ctx, Span<EValue*> args, bool has_value, const Scalar& constant) {
  const size_t first_option = has_value ? 2 : 1;
  const bool short_form = args.size() == first_option + 1 + 2;
  const size_t num_options = short_form ? 1 : 5;
  if (!check_arg_count(ctx, args, first_option + num_options + 1, 1)) return;
  Tensor* self = get_tensor(ctx, args, 0, "self");
  Tensor* out = get_tensor(ctx, args, first_option + num_options, "out");
  Scalar value = constant;
  bool has_dtype = false;
  int64_t dtype = 0;
  if (self == nullptr || out == nullptr ||
      (has_value && !get_scalar(ctx, args, 1, "fill_value", &value)) ||
      (!short_form && !get_optional_int(ctx, args, first_option, "dtype", &has_dtype, &dtype)) ||
      !check_supported_dtype(ctx, *out, "out")) {
    return;
  }
  if (has_dtype && dtype != static_cast<int64_t>(out->dtype)) {
    fail_invalid(ctx, "dtype argument %lld differs from out dtype %s",
                 static_cast<long long>(dtype), scalar_type_name(out->dtype));
    return;
  }
  if (!resize_output(ctx, *out, self->sizes, self->dim)) return;
  fill_view(view_of(*out), value);
}

}  // namespace

void full_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 3, 1)) return;
  Span<const int64_t> size;
  Scalar value = Scalar::from_int(0);
  Tensor* out = get_tensor(ctx, args, 2, "out");
  if (out == nullptr || !get_int_list(ctx, args, 0, "size", &size) ||
      !get_scalar(ctx, args, 1, "fill_value", &value)) {
    return;
  }
  fill_sized(ctx, *out, size, value);
}

void zeros_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Span<const int64_t> size;
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (out == nullptr || !get_int_list(ctx, args, 0, "size", &size)) return;
  fill_sized(ctx, *out, size, Scalar::from_int(0));
}

void ones_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Span<const int64_t> size;
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (out == nullptr || !get_int_list(ctx, args, 0, "size", &size)) return;
  fill_sized(ctx, *out, size, Scalar::from_int(1));
}

void full_like_out(KernelContext& ctx, Span<EValue*> args) {
  fill_like(ctx, args, /*has_value=*/true, Scalar::from_int(0));
}

void zeros_like_out(KernelContext& ctx, Span<EValue*> args) {
  fill_like(ctx, args, /*has_value=*/false, Scalar::from_int(0));
}

void ones_like_out(KernelContext& ctx, Span<EValue*> args) {
  fill_like(ctx, args, /*has_value=*/false, Scalar::from_int(1));
}

void scalar_tensor_out(KernelContext& ctx, Span<EValue*> args) {
  if (!check_arg_count(ctx, args, 2, 1)) return;
  Scalar value = Scalar::from_int(0);
  Tensor* out = get_tensor(ctx, args, 1, "out");
  if (out == nullptr || !get_scalar(ctx, args, 0, "s", &value)) return;
  fill_sized(ctx, *out, Span<const int64_t>(), value);
}

}  // namespace portable
}  // namespace wick
