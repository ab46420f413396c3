#include "kernels/cortex_m/binding.h"

#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

bool fail_invalid(KernelContext& ctx) {
  ctx.fail(Error::InvalidArgument);
  return false;
}

bool dims_match_strides(const Tensor& t, const uint8_t* order) {
  int64_t stride = 1;
  for (int i = t.dim - 1; i >= 0; --i) {
    const uint8_t d = order[i];
    if (t.sizes[d] > 1 && t.strides[d] != stride) return false;
    stride *= t.sizes[d];
  }
  return true;
}

}  // namespace

bool arg_count_mismatch(KernelContext& ctx, Span<EValue*> args,
                        std::initializer_list<size_t> allowed) {
  unsigned long expected[3] = {0, 0, 0};
  size_t k = 0;
  for (size_t n : allowed) {
    if (k < 3) expected[k++] = static_cast<unsigned long>(n);
  }
  WICK_LOG(Error, "%s: got %lu arguments, expected %lu (accepted: %lu %lu %lu; 0 = none)",
           ctx.op_name(), static_cast<unsigned long>(args.size()), expected[0], expected[0],
           expected[1], expected[2]);
  return fail_invalid(ctx);
}

Tensor* tensor_arg_mismatch(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name) {
  if (args[i] == nullptr || !args[i]->is_tensor()) {
    WICK_LOG(Error, "%s: argument %lu (%s) must be a Tensor", ctx.op_name(),
             static_cast<unsigned long>(i), name);
    fail_invalid(ctx);
    return nullptr;
  }
  Tensor& t = args[i]->to_tensor();
  if (t.data == nullptr && t.numel != 0) {
    WICK_LOG(Error, "%s: %s has no data", ctx.op_name(), name);
    fail_invalid(ctx);
    return nullptr;
  }
  return &t;
}

Tensor* typed_tensor_mismatch(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                              ScalarType dtype) {
  Tensor* t = tensor_arg(ctx, args, i, name);
  return t != nullptr && check_dtype(ctx, *t, name, dtype) ? t : nullptr;
}

bool int64_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int64_t* out) {
  if (args[i] == nullptr || !args[i]->is_scalar()) {
    WICK_LOG(Error, "%s: argument %lu (%s) must be an int", ctx.op_name(),
             static_cast<unsigned long>(i), name);
    return fail_invalid(ctx);
  }
  *out = args[i]->scalar_as_int();
  return true;
}

bool int_arg_mismatch(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                      int32_t lo, int32_t hi, int32_t* out) {
  int64_t v = 0;
  if (!int64_arg(ctx, args, i, name, &v)) return false;
  if (v < lo || v > hi) {
    WICK_LOG(Error, "%s: %s = %lld is outside [%ld, %ld]", ctx.op_name(), name,
             static_cast<long long>(v), static_cast<long>(lo), static_cast<long>(hi));
    return fail_invalid(ctx);
  }
  *out = static_cast<int32_t>(v);
  return true;
}

bool double_arg_mismatch(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         double* out) {
  if (args[i] == nullptr || !args[i]->is_scalar()) {
    WICK_LOG(Error, "%s: argument %lu (%s) must be a float", ctx.op_name(),
             static_cast<unsigned long>(i), name);
    return fail_invalid(ctx);
  }
  *out = args[i]->scalar_as_double();
  return true;
}

bool bool_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, bool* out) {
  if (args[i] != nullptr && args[i]->is_bool()) {
    *out = args[i]->to_bool();
    return true;
  }
  if (args[i] != nullptr && args[i]->is_int() &&
      (args[i]->to_int() == 0 || args[i]->to_int() == 1)) {
    *out = args[i]->to_int() == 1;
    return true;
  }
  WICK_LOG(Error, "%s: argument %lu (%s) must be a bool", ctx.op_name(),
           static_cast<unsigned long>(i), name);
  return fail_invalid(ctx);
}

bool int_list_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, size_t count,
                  int64_t lo, int64_t hi, int32_t* out) {
  if (args[i] == nullptr || !args[i]->is_int_list()) {
    WICK_LOG(Error, "%s: argument %lu (%s) must be an int list", ctx.op_name(),
             static_cast<unsigned long>(i), name);
    return fail_invalid(ctx);
  }
  const Span<const int64_t> items = args[i]->to_int_list();
  if (items.size() != count) {
    WICK_LOG(Error, "%s: %s has %lu items, expected %lu", ctx.op_name(), name,
             static_cast<unsigned long>(items.size()), static_cast<unsigned long>(count));
    return fail_invalid(ctx);
  }
  for (size_t k = 0; k < count; ++k) {
    if (items[k] < lo || items[k] > hi) {
      WICK_LOG(Error, "%s: %s[%lu] = %lld is outside [%lld, %lld]", ctx.op_name(), name,
               static_cast<unsigned long>(k), static_cast<long long>(items[k]),
               static_cast<long long>(lo), static_cast<long long>(hi));
      return fail_invalid(ctx);
    }
    out[k] = static_cast<int32_t>(items[k]);
  }
  return true;
}

bool int_args(KernelContext& ctx, const Span<EValue*>& args, Span<const IntArg> table,
              int32_t* out) {
  for (const IntArg& a : table) {
    if (a.items == kBoolArg) {
      bool value = false;
      if (!bool_arg(ctx, args, a.index, a.name, &value)) return false;
      *out++ = value ? 1 : 0;
    } else if (a.items == kScalarArg || a.items == kAtLeastPreviousArg) {
      const int32_t lo = a.items == kScalarArg ? a.lo : out[-1];
      if (!int_arg(ctx, args, a.index, a.name, lo, a.hi, out)) return false;
      ++out;
    } else {
      if (!int_list_arg(ctx, args, a.index, a.name, a.items, a.lo, a.hi, out)) return false;
      out += a.items;
    }
  }
  return true;
}

bool dtype_mismatch(KernelContext& ctx, const Tensor& t, const char* name, ScalarType dtype) {
  WICK_LOG(Error, "%s: %s has dtype %d, expected %d", ctx.op_name(), name,
           static_cast<int>(t.dtype), static_cast<int>(dtype));
  return fail_invalid(ctx);
}

bool dense_in_order(const Tensor& t, const uint8_t* order) { return dims_match_strides(t, order); }

namespace {

// An int8 rank-4 tensor whose bytes are its sizes taken in `order`; dims get
// sizes[order[0..3]]. `layout` names the expected layout in the message.
__attribute__((noinline)) bool int8_rank4(KernelContext& ctx, const Tensor& t, const char* name,
                                          const uint8_t* order, const char* layout, Dims4* dims) {
  if (!check_dtype(ctx, t, name, ScalarType::Char)) return false;
  if (t.dim != 4 || !dims_match_strides(t, order)) {
    WICK_LOG(Error, "%s: %s must be a rank-4 tensor with %s bytes", ctx.op_name(), name, layout);
    return fail_invalid(ctx);
  }
  *dims = Dims4{t.sizes[order[0]], t.sizes[order[1]], t.sizes[order[2]], t.sizes[order[3]]};
  return true;
}

}  // namespace

bool nhwc_activation(KernelContext& ctx, const Tensor& t, const char* name, Dims4* dims) {
  static constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};
  return int8_rank4(ctx, t, name, kNhwc, "NHWC (dim_order 0,2,3,1)", dims);
}

bool filter_dims(KernelContext& ctx, const Tensor& t, const char* name, Dims4* dims) {
  static constexpr uint8_t kContiguous[4] = {0, 1, 2, 3};
  return int8_rank4(ctx, t, name, kContiguous, "contiguous", dims);
}

bool int32_vector_mismatch(KernelContext& ctx, const Tensor& t, const char* name, int32_t count) {
  if (!check_dtype(ctx, t, name, ScalarType::Int)) return false;
  WICK_LOG(Error, "%s: %s has %lu elements, expected %d", ctx.op_name(), name,
           static_cast<unsigned long>(t.numel), static_cast<int>(count));
  return fail_invalid(ctx);
}

bool check_shifts(KernelContext& ctx, const int32_t* shifts, int32_t count, const char* name) {
  for (int32_t k = 0; k < count; ++k) {
    if (shifts[k] < -31 || shifts[k] > 31) {
      WICK_LOG(Error, "%s: %s[%d] = %d is outside [-31, 31]", ctx.op_name(), name,
               static_cast<int>(k), static_cast<int>(shifts[k]));
      return fail_invalid(ctx);
    }
  }
  return true;
}

bool resize_output(KernelContext& ctx, Tensor& out, Span<const int32_t> sizes) {
  if (resize(out, sizes) == Error::Ok) return true;
  WICK_LOG(Error,
           "%s: output cannot take the computed shape (rank %lu; output rank %d, "
           "%lu elements planned)",
           ctx.op_name(), static_cast<unsigned long>(sizes.size()), static_cast<int>(out.dim),
           static_cast<unsigned long>(out.numel_bound));
  return fail_invalid(ctx);
}

bool same_layout_output(KernelContext& ctx, const Tensor& in, Tensor& out) {
  if (!set_output_sizes(ctx, out, Span<const int32_t>(in.sizes, in.dim))) return false;
  for (uint8_t d = 0; d < in.dim; ++d) {
    if (in.strides[d] != out.strides[d] && in.sizes[d] > 1) {
      WICK_LOG(Error, "%s: input and output dim_orders differ", ctx.op_name());
      return fail_invalid(ctx);
    }
  }
  return true;
}

}  // namespace cortex_m
}  // namespace wick
