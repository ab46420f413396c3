"""Byte aliases: copies whose output bytes are exactly their input's bytes.

``permute_copy`` and ``view_copy`` only reinterpret a tensor when the output,
laid out in its own dim_order, visits the input's elements in the order the
input's dim_order stores them. E.g. the cortex_m lowering flattens an NHWC
value (dim_order 0,2,3,1) for a linear layer with ``permute_copy([0, 2, 3,
1])`` (contiguous output) and ``view_copy([N, H*W*C])``: both produce the
bytes the producer wrote. Such a copy needs no instruction; its value is
emitted with the planned memory of the value it reads (the alias group's
root), and the planner keeps the root alive through every member's reads.

Graph inputs and outputs never join a group: a caller may point them at
memory of its own, which an aliasing value would not follow.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

import torch
import torch.utils._pytree as pytree
from torch.fx import Node

from .lifetimes import ValueKey, value_key

aten = torch.ops.aten

_ALIASING_COPIES = (aten.permute_copy.default, aten.view_copy.default)


def _significant(order: Sequence[int], shape: Sequence[int]) -> List[int]:
    """Dimensions of ``order`` that advance the memory address (size-1 dims never do)."""
    return [d for d in order if shape[d] != 1]


def _is_row_major(order: Sequence[int], shape: Sequence[int]) -> bool:
    significant = _significant(order, shape)
    return significant == sorted(significant)


def copies_bytes_unchanged(node: Node) -> bool:
    """True when ``node`` (permute_copy / view_copy) writes exactly the bytes of its input."""
    if node.op != "call_function" or node.target not in _ALIASING_COPIES or not isinstance(node.args[0], Node):
        return False
    source, out = node.args[0].meta.get("val"), node.meta.get("val")
    if source is None or out is None or isinstance(source, tuple) or isinstance(out, tuple):
        return False
    if source.dtype != out.dtype or source.numel != out.numel:
        return False
    if node.target is aten.view_copy.default:
        if tuple(source.shape) == tuple(out.shape):  # a view to the same shape copies element by element
            return _significant(source.dim_order, source.shape) == _significant(out.dim_order, out.shape)
        # view_copy keeps the row-major element order: bytes match when both sides store row-major.
        return _is_row_major(source.dim_order, source.shape) and _is_row_major(out.dim_order, out.shape)
    rank = len(out.shape)
    dims = [d % rank for d in node.args[1]] if rank else []
    # Output dimension k walks input dimension dims[k]: in the output's memory order
    # the input dimensions must come in the order the input stores them.
    walked = [dims[k] for k in out.dim_order if out.shape[k] != 1]
    return walked == _significant(source.dim_order, source.shape)


def _graph_io(graph: torch.fx.Graph) -> set:
    io = set()
    for node in graph.nodes:
        if node.op == "placeholder":
            io.add(value_key(node))
        elif node.op == "output":
            io.update(value_key(n) for n in pytree.tree_flatten(node.args[0])[0] if isinstance(n, Node))
    return io


def find_byte_aliases(graph: torch.fx.Graph) -> Dict[ValueKey, ValueKey]:
    """{aliasing copy's value: root value whose planned memory it shares}; chains resolve to the root."""
    io = _graph_io(graph)
    aliases: Dict[ValueKey, ValueKey] = {}
    for node in graph.nodes:
        if not copies_bytes_unchanged(node):
            continue
        source = node.args[0]
        if source.op != "call_function":  # constants are not planned; inputs are graph I/O
            continue
        key, source_key = value_key(node), value_key(source)
        if key in io or source_key in io:
            continue
        aliases[key] = aliases.get(source_key, source_key)
    return aliases
