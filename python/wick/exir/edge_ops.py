"""Operators of the edge dialect that torch 1.13 does not have, made real with torch.library.

Each is defined with a Python implementation so an edge graph still runs in
torch (tests compare it against the eager model), and carries the out-variant
schema the emitter writes into the .pte (ExecuTorch's names and argument
lists, pte-format.md §6.1).
"""

from __future__ import annotations

from typing import Dict

import torch
from torch.library import Library

_dim_order_lib = Library("dim_order_ops", "DEF")
_wick_lib = Library("wick_edge", "DEF")

_dim_order_lib.define(
    "_to_dim_order_copy(Tensor self, *, ScalarType? dtype=None, bool non_blocking=False, int[]? dim_order=None) -> Tensor"
)
_dim_order_lib.define("_clone_dim_order(Tensor self, *, bool non_blocking=False, int[]? dim_order=None) -> Tensor")
_wick_lib.define(
    "_native_batch_norm_legit_no_training(Tensor input, Tensor? weight, Tensor? bias, Tensor running_mean, "
    "Tensor running_var, float momentum, float eps) -> (Tensor, Tensor, Tensor)"
)


def _memory_format(rank: int, dim_order):
    if dim_order is None or list(dim_order) == list(range(rank)):
        return torch.contiguous_format
    if rank == 4 and list(dim_order) == [0, 2, 3, 1]:
        return torch.channels_last
    if rank == 5 and list(dim_order) == [0, 2, 3, 4, 1]:
        return torch.channels_last_3d
    raise ValueError(f"dim_order {list(dim_order)} has no torch memory format")


def _to_dim_order_copy(x, *, dtype=None, non_blocking=False, dim_order=None):
    return x.to(dtype=x.dtype if dtype is None else dtype, memory_format=_memory_format(x.dim(), dim_order), copy=True)


def _clone_dim_order(x, *, non_blocking=False, dim_order=None):
    return x.clone(memory_format=_memory_format(x.dim(), dim_order))


def _batch_norm_no_training(x, weight, bias, running_mean, running_var, momentum, eps):
    out = torch.nn.functional.batch_norm(x, running_mean, running_var, weight, bias, False, momentum, eps)
    empty = x.new_empty((0,))
    return out, empty, empty.clone()


_dim_order_lib.impl("_to_dim_order_copy", _to_dim_order_copy, "CompositeExplicitAutograd")
_dim_order_lib.impl("_clone_dim_order", _clone_dim_order, "CompositeExplicitAutograd")
_wick_lib.impl("_native_batch_norm_legit_no_training", _batch_norm_no_training, "CompositeExplicitAutograd")

to_dim_order_copy = torch.ops.dim_order_ops._to_dim_order_copy.default
clone_dim_order = torch.ops.dim_order_ops._clone_dim_order.default
batch_norm_no_training = torch.ops.wick_edge._native_batch_norm_legit_no_training.default

# functional edge operator -> the out-variant schema written to the .pte
OUT_SCHEMAS: Dict[torch._ops.OpOverload, str] = {
    to_dim_order_copy: "dim_order_ops::_to_dim_order_copy.out(Tensor self, *, bool non_blocking=False, "
    "int[]? dim_order=None, Tensor(a!) out) -> Tensor(a!)",
    clone_dim_order: "dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, "
    "int[]? dim_order=None, Tensor(a!) out) -> Tensor(a!)",
    batch_norm_no_training: "aten::_native_batch_norm_legit_no_training.out(Tensor input, Tensor? weight, "
    "Tensor? bias, Tensor running_mean, Tensor running_var, float momentum, float eps, *, Tensor(a!) out0, "
    "Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))",
}
