#include "kernels/cortex_m/binding.h"

#include <stdarg.h>

#include "wick/log.h"

namespace wick {
namespace cortex_m {

bool reject(KernelContext& ctx, const char* fmt, ...) {
  if (static_cast<int>(LogLevel::Error) >= WICK_LOG_MIN_LEVEL) {
    va_list args;
    va_start(args, fmt);
    platform_log(LogLevel::Error, fmt, args);
    va_end(args);
  }
  ctx.fail(Error::InvalidArgument);
  return false;
}

void* temp_memory(KernelContext& ctx, size_t bytes) {
  void* memory = ctx.allocate_temp(bytes);
  if (memory == nullptr) ctx.fail(Error::MemoryAllocationFailed);
  return memory;
}

namespace {

// Strides are int32 and skip size-0 dims, so the running stride (a product
// of the sizes) fits int32 wherever it is compared.
bool dims_match_strides(const Tensor& t, const uint8_t* order) {
  int32_t stride = 1;
  for (int i = t.dim - 1; i >= 0; --i) {
    const uint8_t d = order[i];
    if (t.sizes[d] > 1 && t.strides[d] != stride) return false;
    stride *= t.sizes[d];
  }
  return true;
}

// "argument i (name) must be <kind>": one message for every wrong EValue tag.
bool wrong_kind(KernelContext& ctx, size_t i, const char* name, const char* kind) {
  return reject(ctx, "%s: argument %lu (%s) must be %s", ctx.op_name(),
                static_cast<unsigned long>(i), name, kind);
}

// value outside [lo, hi]: name[item] for an item of a list, name alone for
// a scalar (item < 0).
bool out_of_range(KernelContext& ctx, const char* name, long item, int64_t value, int64_t lo,
                  int64_t hi) {
  if (item < 0) {
    return reject(ctx, "%s: %s = %lld is outside [%lld, %lld]", ctx.op_name(), name,
                  static_cast<long long>(value), static_cast<long long>(lo),
                  static_cast<long long>(hi));
  }
  return reject(ctx, "%s: %s[%ld] = %lld is outside [%lld, %lld]", ctx.op_name(), name, item,
                static_cast<long long>(value), static_cast<long long>(lo),
                static_cast<long long>(hi));
}

}  // namespace

bool check_arg_count(KernelContext& ctx, const Span<EValue*>& args,
                     std::initializer_list<size_t> allowed) {
  for (size_t n : allowed) {
    if (args.size() == n) return true;
  }
  // The first count is the current schema's; the others are older schemas'.
  return reject(ctx, "%s: got %lu arguments, expected %lu", ctx.op_name(),
                static_cast<unsigned long>(args.size()),
                static_cast<unsigned long>(*allowed.begin()));
}

Tensor* tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name) {
  if (args[i] == nullptr || !args[i]->is_tensor()) {
    wrong_kind(ctx, i, name, "a Tensor");
    return nullptr;
  }
  Tensor& t = args[i]->to_tensor();
  if (t.data == nullptr && t.numel != 0) {
    reject(ctx, "%s: %s has no data", ctx.op_name(), name);
    return nullptr;
  }
  return &t;
}

Tensor* typed_tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                         ScalarType dtype) {
  Tensor* t = tensor_arg(ctx, args, i, name);
  return t != nullptr && check_dtype(ctx, *t, name, dtype) ? t : nullptr;
}

bool optional_tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                         Tensor** tensor) {
  *tensor = nullptr;
  if (args[i] != nullptr && args[i]->is_none()) return true;
  *tensor = tensor_arg(ctx, args, i, name);
  return *tensor != nullptr;
}

bool int64_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int64_t* out) {
  if (args[i] == nullptr || !args[i]->is_scalar()) return wrong_kind(ctx, i, name, "an int");
  *out = args[i]->scalar_as_int();
  return true;
}

bool int_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name, int32_t lo,
             int32_t hi, int32_t* out) {
  int64_t v = 0;
  if (!int64_arg(ctx, args, i, name, &v)) return false;
  if (v < lo || v > hi) return out_of_range(ctx, name, -1, v, lo, hi);
  *out = static_cast<int32_t>(v);
  return true;
}

bool double_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                double* out) {
  if (args[i] == nullptr || !args[i]->is_scalar()) return wrong_kind(ctx, i, name, "a float");
  *out = args[i]->scalar_as_double();
  return true;
}

bool bool_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, bool* out) {
  const EValue* v = args[i];
  if (v != nullptr && (v->is_bool() || (v->is_int() && (v->to_int() == 0 || v->to_int() == 1)))) {
    *out = v->is_bool() ? v->to_bool() : v->to_int() == 1;
    return true;
  }
  return wrong_kind(ctx, i, name, "a bool");
}

bool int_list_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, size_t count,
                  int64_t lo, int64_t hi, int32_t* out) {
  if (args[i] == nullptr || !args[i]->is_int_list()) {
    return wrong_kind(ctx, i, name, "an int list");
  }
  const Span<const int64_t> items = args[i]->to_int_list();
  if (items.size() != count) {
    return reject(ctx, "%s: %s has %lu items, expected %lu", ctx.op_name(), name,
                  static_cast<unsigned long>(items.size()), static_cast<unsigned long>(count));
  }
  for (size_t k = 0; k < count; ++k) {
    if (items[k] < lo || items[k] > hi) {
      return out_of_range(ctx, name, static_cast<long>(k), items[k], lo, hi);
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
    } else if (a.items == kScalarArg || a.items >= kSameAsPreviousArg) {
      const int32_t lo = a.items == kScalarArg ? a.lo : out[-1];
      const int32_t hi = a.items == kSameAsPreviousArg ? lo : a.hi;
      if (!int_arg(ctx, args, a.index, a.name, lo, hi, out)) return false;
      ++out;
    } else {
      if (!int_list_arg(ctx, args, a.index, a.name, a.items, a.lo, a.hi, out)) return false;
      out += a.items;
    }
  }
  return true;
}

bool check_dtype(KernelContext& ctx, const Tensor& t, const char* name, ScalarType dtype) {
  if (t.dtype == dtype) return true;
  return reject(ctx, "%s: %s has dtype %d, expected %d", ctx.op_name(), name,
                static_cast<int>(t.dtype), static_cast<int>(dtype));
}

bool dense_in_order(const Tensor& t, const uint8_t* order) { return dims_match_strides(t, order); }

namespace {

// An int8 rank-4 tensor whose bytes are its sizes taken in `order`; dims get
// sizes[order[0..3]]. `layout` names the expected layout in the message.
__attribute__((noinline)) bool int8_rank4(KernelContext& ctx, const Tensor& t, const char* name,
                                          const uint8_t* order, const char* layout, Dims4* dims) {
  if (!check_dtype(ctx, t, name, ScalarType::Char)) return false;
  if (t.dim != 4 || !dims_match_strides(t, order)) {
    return reject(ctx, "%s: %s must be a rank-4 tensor with %s bytes", ctx.op_name(), name,
                  layout);
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

bool int32_vector(KernelContext& ctx, const Tensor& t, const char* name, int32_t count) {
  if (!check_dtype(ctx, t, name, ScalarType::Int)) return false;
  if (t.numel == static_cast<size_t>(count)) return true;
  return reject(ctx, "%s: %s has %lu elements, expected %d", ctx.op_name(), name,
                static_cast<unsigned long>(t.numel), static_cast<int>(count));
}

bool check_shifts(KernelContext& ctx, const int32_t* shifts, int32_t count, const char* name) {
  for (int32_t k = 0; k < count; ++k) {
    if (shifts[k] < kMinShift || shifts[k] > kMaxShift) {
      return out_of_range(ctx, name, k, shifts[k], kMinShift, kMaxShift);
    }
  }
  return true;
}

bool set_output_sizes(KernelContext& ctx, Tensor& out, Span<const int32_t> sizes) {
  if (resize(out, sizes) == Error::Ok) return true;
  return reject(ctx,
                "%s: output cannot take the computed shape (rank %lu; output rank %d, "
                "%lu elements planned)",
                ctx.op_name(), static_cast<unsigned long>(sizes.size()),
                static_cast<int>(out.dim), static_cast<unsigned long>(out.numel_bound));
}

bool same_layout_output(KernelContext& ctx, const Tensor& in, Tensor& out) {
  if (!set_output_sizes(ctx, out, Span<const int32_t>(in.sizes, in.dim))) return false;
  for (uint8_t d = 0; d < in.dim; ++d) {
    if (in.strides[d] != out.strides[d] && in.sizes[d] > 1) {
      return reject(ctx, "%s: input and output dim_orders differ", ctx.op_name());
    }
  }
  return true;
}

bool optional_int32_vector(KernelContext& ctx, const Span<EValue*>& args, size_t i,
                           const char* name, int32_t count, const int32_t** data) {
  *data = nullptr;
  if (args[i] != nullptr && args[i]->is_none()) return true;
  const Tensor* t = tensor_arg(ctx, args, i, name);
  if (t == nullptr || !int32_vector(ctx, *t, name, count)) return false;
  *data = t->data_as<const int32_t>();
  return true;
}

bool activation_args(KernelContext& ctx, const Span<EValue*>& args, size_t min_index,
                     size_t max_index, Activation* activation) {
  return int_arg(ctx, args, min_index, "activation_min", kInt8Min, kInt8Max, &activation->min) &&
         int_arg(ctx, args, max_index, "activation_max", activation->min, kInt8Max,
                 &activation->max);
}

}  // namespace cortex_m
}  // namespace wick
