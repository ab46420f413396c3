// Argument unpacking for kernel bindings. Every getter checks the EValue tag,
// and on a mismatch logs "<op>: argument <i> (<name>): expected X, got Y",
// marks the context failed (InvalidArgument) and returns false / null.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernels/portable/util/scalar.h"
#include "wick/evalue.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

// args.size() must equal n_schema_args + n_returns (the emitter appends the
// returns after the schema arguments).
bool check_arg_count(KernelContext& ctx, Span<EValue*> args, size_t n_schema_args,
                     size_t n_returns);

Tensor* get_tensor(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name);
// Null without failing for a None argument.
bool get_optional_tensor(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         Tensor** out);
bool get_int(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int64_t* out);
// *present = false for None.
bool get_optional_int(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                      bool* present, int64_t* out);
bool get_bool(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, bool* out);
// A `float` schema argument (Double; Int accepted as PyTorch does).
bool get_double(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                double* out);
bool get_scalar(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                Scalar* out);
bool get_optional_scalar(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         bool* present, Scalar* out);
bool get_int_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                  Span<const int64_t>* out);
bool get_optional_int_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                           bool* present, Span<const int64_t>* out);
bool get_tensor_list(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                     TensorList* out);
// A `str?` argument; *present = false for None. Not NUL-terminated.
bool get_optional_string(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                         bool* present, const char** data, size_t* size);

// Logs "<op>: <message>" at Error level and fails the context with
// InvalidArgument. Always returns false so bindings can `return fail(...)`.
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
bool fail_invalid(KernelContext& ctx, const char* fmt, ...);

// Checks a tensor's dtype against `expected`, naming both on mismatch.
bool check_dtype(KernelContext& ctx, const Tensor& t, const char* name, ScalarType expected);
// Checks that the kernels can read/write the tensor's dtype.
bool check_supported_dtype(KernelContext& ctx, const Tensor& t, const char* name);
// Resizes `out` to `sizes`, failing (with both shapes in the log) when the
// planned tensor cannot take that shape.
bool resize_output(KernelContext& ctx, Tensor& out, const int32_t* sizes, int rank);

}  // namespace portable
}  // namespace wick
