#include "kernels/portable/util/args.h"

#include <stdarg.h>
#include <stdio.h>

#include "wick/log.h"

namespace wick {
namespace portable {
namespace {

const char* op_name(KernelContext& ctx) {
  return ctx.op_name() != nullptr ? ctx.op_name() : "kernel";
}

bool wrong_tag(KernelContext& ctx, size_t i, const char* name, const char* expected,
               const EValue* value) {
  WICK_LOG(Error, "%s: argument %lu (%s): expected %s, got %s", op_name(ctx),
           static_cast<unsigned long>(i), name, expected,
           value != nullptr ? tag_name(value->tag) : "null");
  ctx.fail(Error::InvalidArgument);
  return false;
}

const EValue* value_at(Span<EValue*> args, size_t i) {
  return i < args.size() ? args[i] : nullptr;
}

// "[1, 3, 224, 224]" into buf (truncated to fit).
void format_shape(const int32_t* sizes, int rank, char* buf, size_t size) {
  size_t used = static_cast<size_t>(snprintf(buf, size, "["));
  for (int d = 0; d < rank && used < size; ++d) {
    used += static_cast<size_t>(snprintf(buf + used, size - used, d == 0 ? "%d" : ", %d",
                                         static_cast<int>(sizes[d])));
  }
  if (used < size) snprintf(buf + used, size - used, "]");
}

}  // namespace

bool fail_invalid(KernelContext& ctx, const char* fmt, ...) {
  char message[200];
  va_list list;
  va_start(list, fmt);
  vsnprintf(message, sizeof(message), fmt, list);
  va_end(list);
  WICK_LOG(Error, "%s: %s", op_name(ctx), message);
  ctx.fail(Error::InvalidArgument);
  return false;
}

bool check_arg_count(KernelContext& ctx, Span<EValue*> args, size_t n_schema_args,
                     size_t n_returns) {
  const size_t expected = n_schema_args + n_returns;
  if (args.size() != expected) {
    return fail_invalid(ctx, "expected %lu arguments (%lu schema + %lu returns), got %lu",
                        static_cast<unsigned long>(expected),
                        static_cast<unsigned long>(n_schema_args),
                        static_cast<unsigned long>(n_returns),
                        static_cast<unsigned long>(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == nullptr) return fail_invalid(ctx, "argument %lu is null", (unsigned long)i);
  }
  return true;
}

Tensor* get_tensor(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !v->is_tensor() || v->payload.as_tensor == nullptr) {
    wrong_tag(ctx, i, name, "Tensor", v);
    return nullptr;
  }
  return v->payload.as_tensor;
}

bool get_optional_tensor(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         Tensor** out) {
  const EValue* v = value_at(args, i);
  if (v != nullptr && v->is_none()) {
    *out = nullptr;
    return true;
  }
  *out = get_tensor(ctx, args, i, name);
  return *out != nullptr;
}

bool get_int(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int64_t* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !(v->is_int() || v->is_bool())) return wrong_tag(ctx, i, name, "Int", v);
  *out = v->scalar_as_int();
  return true;
}

bool get_optional_int(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                      bool* present, int64_t* out) {
  const EValue* v = value_at(args, i);
  *present = !(v != nullptr && v->is_none());
  return !*present || get_int(ctx, args, i, name, out);
}

bool get_bool(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, bool* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !(v->is_bool() || v->is_int())) return wrong_tag(ctx, i, name, "Bool", v);
  *out = v->is_bool() ? v->to_bool() : v->to_int() != 0;
  return true;
}

bool get_double(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                double* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !(v->is_double() || v->is_int())) {
    return wrong_tag(ctx, i, name, "Double", v);
  }
  *out = v->scalar_as_double();
  return true;
}

bool get_scalar(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                Scalar* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !v->is_scalar()) return wrong_tag(ctx, i, name, "Scalar", v);
  *out = v->is_bool()  ? Scalar::from_bool(v->to_bool())
         : v->is_int() ? Scalar::from_int(v->to_int())
                       : Scalar::from_double(v->to_double());
  return true;
}

bool get_optional_scalar(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         bool* present, Scalar* out) {
  const EValue* v = value_at(args, i);
  *present = !(v != nullptr && v->is_none());
  return !*present || get_scalar(ctx, args, i, name, out);
}

bool get_int_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                  Span<const int64_t>* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !v->is_int_list()) return wrong_tag(ctx, i, name, "IntList", v);
  const IntList& list = v->payload.as_int_list;
  if (list.size > 0 && (list.boxed == nullptr || list.unboxed == nullptr)) {
    return wrong_tag(ctx, i, name, "IntList with storage", v);
  }
  for (size_t k = 0; k < list.size; ++k) {
    if (list.boxed[k] == nullptr || !list.boxed[k]->is_int()) {
      return wrong_tag(ctx, i, name, "IntList of Int", v);
    }
  }
  *out = v->to_int_list();
  return true;
}

bool get_optional_int_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                           bool* present, Span<const int64_t>* out) {
  const EValue* v = value_at(args, i);
  *present = !(v != nullptr && v->is_none());
  if (!*present) *out = Span<const int64_t>();
  return !*present || get_int_list(ctx, args, i, name, out);
}

bool get_tensor_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                     TensorList* out) {
  const EValue* v = value_at(args, i);
  if (v == nullptr || !v->is_tensor_list()) return wrong_tag(ctx, i, name, "TensorList", v);
  const TensorList& list = v->to_tensor_list();
  for (size_t k = 0; k < list.size; ++k) {
    if (list.items == nullptr || list.items[k] == nullptr) {
      return wrong_tag(ctx, i, name, "TensorList without null items", v);
    }
  }
  *out = list;
  return true;
}

bool get_optional_string(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         bool* present, const char** data, size_t* size) {
  const EValue* v = value_at(args, i);
  *present = !(v != nullptr && v->is_none());
  if (!*present) return true;
  if (v == nullptr || !v->is_string()) return wrong_tag(ctx, i, name, "String", v);
  *data = v->payload.as_string.data;
  *size = v->payload.as_string.size;
  return true;
}

bool check_dtype(KernelContext& ctx, const Tensor& t, const char* name, ScalarType expected) {
  if (t.dtype == expected) return true;
  return fail_invalid(ctx, "%s has dtype %s, expected %s", name, scalar_type_name(t.dtype),
                      scalar_type_name(expected));
}

bool check_supported_dtype(KernelContext& ctx, const Tensor& t, const char* name) {
  if (is_integral(t.dtype, true) || is_floating(t.dtype)) return true;
  return fail_invalid(ctx, "%s has unsupported dtype %s", name, scalar_type_name(t.dtype));
}

bool resize_output(KernelContext& ctx, Tensor& out, const int32_t* sizes, int rank) {
  if (rank == out.dim && resize(out, Span<const int32_t>(sizes, static_cast<size_t>(rank))) ==
                             Error::Ok) {
    return true;
  }
  char want[96];
  char have[96];
  format_shape(sizes, rank, want, sizeof(want));
  format_shape(out.sizes, out.dim, have, sizeof(have));
  return fail_invalid(ctx, "output needs shape %s but the planned output is %s (%s)", want, have,
                      out.dynamism == ShapeDynamism::Static ? "static" : "bound exceeded");
}

}  // namespace portable
}  // namespace wick
