"""Operator lookup for the oracle: KernelCall operator name -> a torch implementation.

A KernelCall's `args` hold one value per argument of the operator's schema, in schema
order (kwarg-only and defaulted arguments included), then the return values repeated
(pte-format.md §4.2). A handler receives that list resolved to Python/torch values and
returns {argument position: new value} for the positions it writes: the `out`
arguments of an out-variant, or the return positions of a functional operator.

Lookup order: the explicit handlers registered in `HANDLERS` (operators whose schema in
ExecuTorch differs from torch 1.13's, and non-aten namespaces), then torch.ops: the
out-variant "ns::op.overload" runs as the functional overload of the same operator that
takes the same non-out arguments (e.g. aten::sum.IntList_out -> aten::sum.dim_IntList),
and its results are cast to the dtypes of the out tensors. (torch 1.13's own *_copy.out
kernels do not resize an empty out tensor, so the out-variants are not called.)
"""

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

import torch

from wick.pte.schema import Tensor
from .tensors import OracleError, torch_dtype


@dataclass
class OpCall:
    name: str                 # "aten::add.out"
    args: List[Any]           # resolved values, one per KernelCall arg
    metas: List[Any]          # serialized Tensor (or list of them for a TensorList) per arg, else None

    def out_dtype(self, position: int) -> torch.dtype:
        meta = self.metas[position]
        if not isinstance(meta, Tensor):
            raise OracleError(f"{self.name}: argument {position} must be a Tensor value")
        return torch_dtype(meta.scalar_type)

    def expect_arity(self, n_args: int, n_returns: int) -> None:
        if len(self.args) not in (n_args, n_args + n_returns):
            raise OracleError(f"{self.name}: {len(self.args)} args, the schema has {n_args} arguments "
                              f"and {n_returns} returns")


Handler = Callable[[OpCall], Dict[int, Any]]
HANDLERS: Dict[str, Handler] = {}


def register(*names: str):
    def wrap(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn
    return wrap


def _signature(arguments) -> list:
    return [(a.name, str(a.type)) for a in arguments]


def _functional_overload(packet, out_op):
    """The overload of `packet` taking exactly the out-variant's non-out arguments."""
    wanted = _signature([a for a in out_op._schema.arguments if not a.is_out])
    for overload in packet.overloads():
        candidate = getattr(packet, overload)
        arguments = candidate._schema.arguments
        if not any(a.is_out for a in arguments) and _signature(arguments) == wanted:
            return candidate
    return None


def _call(op, arguments, values):
    positional, keyword = [], {}
    for arg, value in zip(arguments, values):
        if arg.kwarg_only:
            keyword[arg.name] = value
        else:
            positional.append(value)
    return op(*positional, **keyword)


def _cast(value, meta):
    """A functional result converted to the dtype of the out argument it fills."""
    if isinstance(meta, list):
        return [_cast(v, m) for v, m in zip(value, meta)]
    if not isinstance(meta, Tensor):
        raise OracleError("an out argument does not refer to a Tensor value")
    return value.to(torch_dtype(meta.scalar_type))


def _torch_handler(packet, op) -> Handler:
    """Runs an out-variant through its functional overload, or a functional op directly."""
    arguments = op._schema.arguments
    n_returns = len(op._schema.returns)
    out_positions = [i for i, a in enumerate(arguments) if a.is_out]
    functional = _functional_overload(packet, op) if out_positions else op
    if functional is None:
        return None

    def handle(call: OpCall) -> Dict[int, Any]:
        call.expect_arity(len(arguments), n_returns)
        inputs = [(a, call.args[i]) for i, a in enumerate(arguments) if not a.is_out]
        result = _call(functional, [a for a, _ in inputs], [v for _, v in inputs])
        if out_positions:
            results = [result] if len(out_positions) == 1 else list(result)
            return {p: _cast(r, call.metas[p]) for p, r in zip(out_positions, results)}
        if len(call.args) == len(arguments):
            return {}
        results = result if n_returns > 1 else (result,)
        return {len(arguments) + k: r for k, r in enumerate(results)}

    return handle


def _torch_op(name: str):
    """(packet, overload) of torch.ops.<ns>.<op>.<overload> for "ns::op.overload", or None."""
    if "::" not in name:
        return None
    namespace, rest = name.split("::", 1)
    op_name, _, overload = rest.partition(".")
    try:
        packet = getattr(getattr(torch.ops, namespace), op_name)
        return packet, getattr(packet, overload or "default")
    except (AttributeError, RuntimeError):
        return None


def lookup(name: str) -> Optional[Handler]:
    """The handler for an operator name such as "aten::add.out", or None if unsupported."""
    if name in HANDLERS:
        return HANDLERS[name]
    found = _torch_op(name)
    return _torch_handler(*found) if found is not None else None


def operator_name(operator) -> str:
    """Kernel lookup name of a serialized Operator: name, plus "." + overload if any."""
    return operator.name + ("." + operator.overload if operator.overload else "")
