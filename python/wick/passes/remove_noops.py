"""RemoveNoOpsPass: drop operators that do not change their input, then dead code.

Rewrites ``detach(x)``, ``alias(x)``, ``lift_fresh_copy(x)``, ``view(x, x.shape)``,
``expand(x, x.shape)``, ``_to_copy(x)`` with x's own dtype and layout and
``clone(x)`` that keeps x's layout into ``x`` itself. Nodes with no users left
(e.g. the ``empty`` reserve buffers BatchNorm traces) are removed.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule, Node

from .base import GraphPass, PassResult
from .graph_utils import output_shape, remove_unused_constants

aten = torch.ops.aten

_ALWAYS_IDENTITY = {
    aten.detach.default,
    aten.alias.default,
    aten.lift_fresh_copy.default,
    aten.lift_fresh.default,
}
_SAME_SHAPE_IDENTITY = {
    aten.view.default,
    aten._unsafe_view.default,
    aten.reshape.default,
    aten.expand.default,
    aten.view_copy.default,
    aten.expand_copy.default,
}
_MEMORY_FORMAT_KEEPING = (None, torch.preserve_format, torch.contiguous_format)


def _strides(node: Node):
    meta = node.meta.get("tensor_meta")
    return None if meta is None else tuple(meta.stride)


def _is_identity(node: Node) -> bool:
    if node.target in _ALWAYS_IDENTITY:
        return True
    source = node.args[0] if node.args else None
    if not isinstance(source, Node) or "tensor_meta" not in source.meta or "tensor_meta" not in node.meta:
        return False
    same_shape = output_shape(node) == output_shape(source)
    if node.target in _SAME_SHAPE_IDENTITY:
        return same_shape
    same_layout = same_shape and _strides(node) == _strides(source)
    if node.target is aten.clone.default:
        return same_layout and node.kwargs.get("memory_format") in _MEMORY_FORMAT_KEEPING
    if node.target is aten._to_copy.default:
        meta, source_meta = node.meta["tensor_meta"], source.meta["tensor_meta"]
        return same_layout and meta.dtype == source_meta.dtype
    return False


class RemoveNoOpsPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        modified = False
        for node in list(graph_module.graph.nodes):
            if node.op == "call_function" and _is_identity(node):
                node.replace_all_uses_with(node.args[0])
                graph_module.graph.erase_node(node)
                modified = True
        if graph_module.graph.eliminate_dead_code():
            modified = True
        remove_unused_constants(graph_module)
        return PassResult(graph_module, modified)
