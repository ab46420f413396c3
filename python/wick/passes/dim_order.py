"""DimOrderPass: memory-format operators -> ExecuTorch's dim_order operators.

``_to_copy(x, dtype=d, memory_format=m)`` becomes
``dim_order_ops::_to_dim_order_copy(x, dtype=d, dim_order=order(m))`` and
``clone(x, memory_format=m)`` becomes ``dim_order_ops::_clone_dim_order(x,
dim_order=order(m))``, where order() is [0..n-1] for contiguous, [0,2,3,1] for
channels_last and x's own order for preserve_format. The .pte describes layout
per tensor with dim_order, never with memory_format.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule, Node

from wick.capture.errors import CaptureError
from wick.capture.provenance import provenance_of
from wick.exir.edge_ops import clone_dim_order, to_dim_order_copy

from .base import GraphPass, PassResult
from .graph_utils import copy_meta, dim_order_of

aten = torch.ops.aten


def _dim_order(node: Node, source: Node, memory_format) -> list:
    meta = source.meta["tensor_meta"]
    rank = len(meta.shape)
    if memory_format in (None, torch.preserve_format):
        return dim_order_of(meta.shape, meta.stride)
    if memory_format is torch.contiguous_format:
        return list(range(rank))
    if memory_format is torch.channels_last and rank == 4:
        return [0, 2, 3, 1]
    if memory_format is torch.channels_last_3d and rank == 5:
        return [0, 2, 3, 4, 1]
    raise CaptureError(f"memory format {memory_format} for a rank-{rank} tensor at {provenance_of(node).describe()}")


class DimOrderPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        graph = graph_module.graph
        modified = False
        for node in list(graph.nodes):
            if node.op != "call_function" or node.target not in (aten._to_copy.default, aten.clone.default):
                continue
            source = node.args[0]
            order = _dim_order(node, source, node.kwargs.get("memory_format"))
            with graph.inserting_before(node):
                if node.target is aten.clone.default:
                    new = graph.call_function(clone_dim_order, (source,), {"dim_order": order})
                else:
                    kwargs = {"dim_order": order, "non_blocking": node.kwargs.get("non_blocking", False)}
                    if node.kwargs.get("dtype") is not None:
                        kwargs["dtype"] = node.kwargs["dtype"]
                    new = graph.call_function(to_dim_order_copy, (source,), kwargs)
            copy_meta(node, new)
            node.replace_all_uses_with(new)
            graph.erase_node(node)
            modified = True
        return PassResult(graph_module, modified)
