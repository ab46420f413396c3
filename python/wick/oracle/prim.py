"""Primitive (scalar and view) operators: executorch_prim:: and the aten sym ops.

These are not out-variants: args are the schema arguments followed by the return
value's index, and the handler writes the return position.
"""

import math
import operator

import torch

from .ops import OpCall, register

_BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "truediv": operator.truediv, "mod": operator.mod,
    "eq": operator.eq, "gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le,
    "sym_max": max, "sym_min": min,
}
_UNARY = {
    "neg": operator.neg, "ceil": math.ceil, "round": round, "trunc": math.trunc,
    "sym_float": float, "sym_int": int, "sym_not": operator.not_,
}


def _binary(fn):
    def handle(call: OpCall):
        call.expect_arity(2, 1)
        return {2: fn(call.args[0], call.args[1])}
    return handle


def _unary(fn):
    def handle(call: OpCall):
        call.expect_arity(1, 1)
        return {1: fn(call.args[0])}
    return handle


for _name, _fn in _BINARY.items():
    register(f"executorch_prim::{_name}.Scalar")(_binary(_fn))
for _name, _fn in _UNARY.items():
    register(f"executorch_prim::{_name}.Scalar")(_unary(_fn))
register("executorch_prim::floordiv.int")(_binary(operator.floordiv))
register("executorch_prim::mod.int")(_binary(operator.mod))


@register("executorch_prim::sym_ite.Scalar")
def sym_ite(call: OpCall):
    call.expect_arity(3, 1)
    return {3: call.args[1] if call.args[0] else call.args[2]}


@register("aten::sym_size.int")
def sym_size(call: OpCall):
    call.expect_arity(2, 1)
    return {2: int(call.args[0].shape[call.args[1]])}


@register("aten::sym_numel", "aten::sym_numel.default")
def sym_numel(call: OpCall):
    call.expect_arity(1, 1)
    return {1: int(call.args[0].numel())}


@register("aten::_local_scalar_dense", "aten::_local_scalar_dense.default")
def local_scalar_dense(call: OpCall):
    call.expect_arity(1, 1)
    return {1: call.args[0].item()}


@register("executorch_prim::et_view", "executorch_prim::et_view.default")
def et_view(call: OpCall):
    # (self, size[]) -> view; the oracle holds values, so a reshaped copy stands in for it.
    call.expect_arity(2, 1)
    return {2: call.args[0].reshape(list(call.args[1])).clone()}


@register("executorch_prim::et_copy_index", "executorch_prim::et_copy_index.tensor")
def et_copy_index(call: OpCall):
    # (copy_to, copy_from, index): copy_to[index] = copy_from, growing dim 0 to index + 1.
    call.expect_arity(3, 1)
    copy_to, copy_from, index = call.args[:3]
    rows = max(copy_to.shape[0] if copy_to.dim() else 0, index + 1)
    grown = torch.zeros([rows] + list(copy_from.shape), dtype=copy_to.dtype)
    if copy_to.dim() and copy_to.shape[0]:
        keep = min(copy_to.shape[0], rows)
        grown[:keep] = copy_to[:keep].reshape([keep] + list(copy_from.shape))
    grown[index] = copy_from
    return {0: grown}
