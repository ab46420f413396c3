"""Helpers shared by passes: constants held as GraphModule attributes, node metadata."""

from __future__ import annotations

from typing import Optional

import torch
from torch.fx import GraphModule, Node

from wick.capture.provenance import PROVENANCE_KEY

CONSTANT_PREFIX = "_wick_constant_"


def constant_value(graph_module: GraphModule, node) -> Optional[torch.Tensor]:
    """The tensor behind a get_attr node, or None for anything else."""
    if not isinstance(node, Node) or node.op != "get_attr":
        return None
    value = graph_module
    for atom in node.target.split("."):
        value = getattr(value, atom)
    return value if isinstance(value, torch.Tensor) else None


def add_constant(graph_module: GraphModule, tensor: torch.Tensor, *, before: Node, hint: str = "folded") -> Node:
    """Register ``tensor`` on the module and insert a get_attr for it before ``before``."""
    index = 0
    while hasattr(graph_module, f"{CONSTANT_PREFIX}{hint}_{index}"):
        index += 1
    name = f"{CONSTANT_PREFIX}{hint}_{index}"
    graph_module.register_buffer(name, tensor.detach().contiguous())
    with graph_module.graph.inserting_before(before):
        node = graph_module.graph.get_attr(name)
    return node


def copy_meta(source: Node, target: Node) -> Node:
    """Carry provenance and shape metadata over to a replacement node."""
    for key in (PROVENANCE_KEY, "tensor_meta", "val"):
        if key in source.meta:
            target.meta[key] = source.meta[key]
    return target


def output_shape(node: Node) -> list:
    meta = node.meta.get("val", node.meta.get("tensor_meta"))
    if meta is None:
        raise KeyError(f"node {node.name} has no shape metadata")
    return list(meta.shape)


def remove_unused_constants(graph_module: GraphModule) -> None:
    """Delete get_attr nodes with no users and the attributes nobody references."""
    graph = graph_module.graph
    for node in list(graph.nodes):
        if node.op == "get_attr" and not node.users:
            graph.erase_node(node)
    used = {node.target for node in graph.nodes if node.op == "get_attr"}
    for name in list(dict(graph_module.named_buffers(recurse=False))):
        if name not in used:
            delattr(graph_module, name)


def tensor_bytes(tensor: torch.Tensor) -> bytes:
    """Raw little-endian bytes of a tensor in its contiguous (row-major) layout."""
    flat = tensor.detach().contiguous().cpu().reshape(-1)
    if flat.numel() == 0:
        return b""
    return flat.view(torch.uint8).numpy().tobytes()


def dim_order_of(shape, strides) -> list:
    """Dimensions from outermost to innermost in memory (pte-format.md §3.4)."""
    return sorted(range(len(shape)), key=lambda d: (-strides[d], d))
