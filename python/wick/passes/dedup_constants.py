"""DeduplicateConstantsPass: constants with identical dtype, shape and bytes are stored once.

Every get_attr of a duplicate is pointed at the first attribute holding the
same data; the duplicate attribute is deleted, so the constant segment of the
.pte carries each distinct tensor once (tied weights, repeated folded values).
"""

from __future__ import annotations

import hashlib

from torch.fx import GraphModule

from .base import GraphPass, PassResult
from .graph_utils import constant_value, remove_unused_constants, tensor_bytes


def _key(tensor):
    return (str(tensor.dtype), tuple(tensor.shape), hashlib.sha256(tensor_bytes(tensor)).hexdigest())


class DeduplicateConstantsPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        first_by_key = {}
        modified = False
        for node in list(graph_module.graph.nodes):
            value = constant_value(graph_module, node)
            if value is None:
                continue
            key = _key(value)
            keeper = first_by_key.setdefault(key, node)
            if keeper is not node:
                node.replace_all_uses_with(keeper)
                graph_module.graph.erase_node(node)
                modified = True
        if modified:
            remove_unused_constants(graph_module)
        return PassResult(graph_module, modified)
