"""FoldConstantTransformsPass: evaluate operators whose inputs are all constants.

Rewrites e.g. ``permute_copy(W, [1, 0])`` (the ``t`` of a Linear weight),
``view_copy(W, ...)``, ``_to_copy(W, dtype)`` or arithmetic on parameters into
one new constant holding the result, so the work happens at export time.
Folding is skipped when the result would be larger than its inputs (an
``expand_copy`` of a parameter stays in the graph) and for random operators.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule, Node

from .base import GraphPass, PassResult
from .graph_utils import add_constant, constant_value, remove_unused_constants


def _tensor_inputs(node: Node):
    flat = list(node.args) + list(node.kwargs.values())
    found = []
    for item in flat:
        if isinstance(item, (list, tuple)):
            found.extend(x for x in item if isinstance(x, Node))
        elif isinstance(item, Node):
            found.append(item)
    return found


def _materialize(graph_module: GraphModule, value):
    if isinstance(value, Node):
        return constant_value(graph_module, value)
    if isinstance(value, (list, tuple)):
        return type(value)(_materialize(graph_module, v) for v in value)
    return value


def _is_foldable(graph_module: GraphModule, node: Node) -> bool:
    if node.op != "call_function" or not isinstance(node.target, torch._ops.OpOverload):
        return False
    schema = node.target._schema
    if schema.is_mutable or len(schema.returns) != 1 or "rand" in schema.name or "dropout" in schema.name:
        return False
    inputs = _tensor_inputs(node)
    return bool(inputs) and all(constant_value(graph_module, n) is not None for n in inputs)


class FoldConstantTransformsPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        modified = False
        for node in list(graph_module.graph.nodes):
            if not _is_foldable(graph_module, node):
                continue
            args = _materialize(graph_module, node.args)
            kwargs = {k: _materialize(graph_module, v) for k, v in node.kwargs.items()}
            with torch.no_grad():
                result = node.target(*args, **kwargs)
            if not isinstance(result, torch.Tensor):
                continue
            input_numel = sum(constant_value(graph_module, n).numel() for n in _tensor_inputs(node))
            if result.numel() > input_numel:
                continue
            folded = add_constant(graph_module, result, before=node)
            node.replace_all_uses_with(folded)
            graph_module.graph.erase_node(node)
            modified = True
        if modified:
            remove_unused_constants(graph_module)
        return PassResult(graph_module, modified)
