// Prim ops: scalar (SymInt/SymFloat) arithmetic and shape queries the
// exporter emits for dynamic shapes. Scalar-returning ops overwrite their
// last argument (the return EValue) with the result's tag and payload.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace prim {

void sym_size_int(KernelContext& ctx, Span<EValue*> args);
void sym_numel(KernelContext& ctx, Span<EValue*> args);
void local_scalar_dense(KernelContext& ctx, Span<EValue*> args);
void et_view(KernelContext& ctx, Span<EValue*> args);
void et_copy_index(KernelContext& ctx, Span<EValue*> args);

void add_scalar(KernelContext& ctx, Span<EValue*> args);
void sub_scalar(KernelContext& ctx, Span<EValue*> args);
void mul_scalar(KernelContext& ctx, Span<EValue*> args);
void truediv_scalar(KernelContext& ctx, Span<EValue*> args);
void floordiv_scalar(KernelContext& ctx, Span<EValue*> args);
void mod_scalar(KernelContext& ctx, Span<EValue*> args);
void floordiv_int(KernelContext& ctx, Span<EValue*> args);
void mod_int(KernelContext& ctx, Span<EValue*> args);
void sym_max_scalar(KernelContext& ctx, Span<EValue*> args);
void sym_min_scalar(KernelContext& ctx, Span<EValue*> args);

void eq_scalar(KernelContext& ctx, Span<EValue*> args);
void gt_scalar(KernelContext& ctx, Span<EValue*> args);
void ge_scalar(KernelContext& ctx, Span<EValue*> args);
void lt_scalar(KernelContext& ctx, Span<EValue*> args);
void le_scalar(KernelContext& ctx, Span<EValue*> args);

void neg_scalar(KernelContext& ctx, Span<EValue*> args);
void ceil_scalar(KernelContext& ctx, Span<EValue*> args);
void round_scalar(KernelContext& ctx, Span<EValue*> args);
void trunc_scalar(KernelContext& ctx, Span<EValue*> args);
void sym_float_scalar(KernelContext& ctx, Span<EValue*> args);
void sym_int_scalar(KernelContext& ctx, Span<EValue*> args);
void sym_not_scalar(KernelContext& ctx, Span<EValue*> args);
void sym_ite_scalar(KernelContext& ctx, Span<EValue*> args);

}  // namespace prim
}  // namespace wick
