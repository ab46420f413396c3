"""Lifetimes of the planned tensors of an edge graph.

Time is the instruction index: instruction i is the i-th operator node (getitem
is not an instruction, it selects an output). A user input is live from before
instruction 0; an operator output from its own instruction. A tensor stays
live through the last instruction that reads it; graph outputs stay live to
the end. Both intervals are inclusive, so an operator's inputs and outputs
never share memory.

A byte alias (aliases.py) is no instruction and has no lifetime of its own:
reading it reads its root, whose lifetime therefore covers every member's reads.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Dict, Iterator, List, Mapping, Optional, Tuple, Union

import torch
import torch.utils._pytree as pytree
from torch.fx import Node

ValueKey = Union[Node, Tuple[Node, int]]


@dataclasses.dataclass
class Lifetime:
    key: ValueKey
    nbytes: int
    first: int
    last: int

    def overlaps(self, other: "Lifetime") -> bool:
        return self.first <= other.last and other.first <= self.last


def value_key(node: Node) -> ValueKey:
    """The tensor a node stands for: getitem selects element i of its producer."""
    if node.op == "call_function" and node.target is operator.getitem:
        return (node.args[0], node.args[1])
    return node


def _outputs_of(node: Node) -> List[Tuple[ValueKey, object]]:
    spec = node.meta.get("val")
    if isinstance(spec, tuple):
        return [((node, i), s) for i, s in enumerate(spec)]
    return [(node, spec)]


def _read_nodes(node: Node) -> List[Node]:
    found = []
    for arg in list(node.args) + list(node.kwargs.values()):
        for item in (arg if isinstance(arg, (list, tuple)) else [arg]):
            if isinstance(item, Node):
                found.append(item)
    return found


def instruction_nodes(graph: torch.fx.Graph, aliases: Optional[Mapping[ValueKey, ValueKey]] = None) -> Iterator[Node]:
    """The operator nodes that become instructions, in order: not getitem, not byte aliases."""
    aliases = aliases or {}
    for node in graph.nodes:
        if node.op == "call_function" and node.target is not operator.getitem and node not in aliases:
            yield node


def compute_lifetimes(
    graph: torch.fx.Graph, aliases: Optional[Mapping[ValueKey, ValueKey]] = None
) -> Tuple[List[Lifetime], int]:
    """Lifetimes of every non-constant tensor, and the number of instructions.

    ``aliases`` maps alias values to their roots (see aliases.py)."""
    aliases = aliases or {}
    lifetimes: Dict[ValueKey, Lifetime] = {}

    def read(node: Node, step: int) -> None:
        key = value_key(node)
        key = aliases.get(key, key)
        if key in lifetimes:
            lifetimes[key].last = max(lifetimes[key].last, step)

    for node in graph.nodes:
        if node.op == "placeholder":
            lifetimes[node] = Lifetime(node, node.meta["val"].nbytes, -1, -1)
    step = 0
    for node in instruction_nodes(graph, aliases):
        for source in _read_nodes(node):
            read(source, step)
        for key, spec in _outputs_of(node):
            if spec is not None:
                lifetimes[key] = Lifetime(key, spec.nbytes, step, step)
        step += 1
    for node in graph.nodes:
        if node.op == "output":
            for source in pytree.tree_flatten(node.args[0])[0]:
                if isinstance(source, Node):
                    read(source, step)
    return list(lifetimes.values()), step
