"""ScalarOverloadsPass: binary ``.Tensor`` overloads called with a Python number.

``add.Tensor(x, 2.0)`` (what ``x + 2.0`` traces to) becomes ``add.Scalar(x, 2.0)``,
likewise sub, mul and div, so the emitted out-variant takes a Scalar
(``add.Scalar_out``) instead of a Tensor argument that holds no tensor.
"""

from __future__ import annotations

import numbers

import torch
from torch.fx import GraphModule

from .base import GraphPass, PassResult

aten = torch.ops.aten

_SCALAR_FORM = {
    aten.add.Tensor: aten.add.Scalar,
    aten.sub.Tensor: aten.sub.Scalar,
    aten.mul.Tensor: aten.mul.Scalar,
    aten.div.Tensor: aten.div.Scalar,
}


class ScalarOverloadsPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        modified = False
        for node in graph_module.graph.nodes:
            if node.op != "call_function" or node.target not in _SCALAR_FORM:
                continue
            if len(node.args) > 1 and isinstance(node.args[1], numbers.Number) and not isinstance(node.args[1], bool):
                node.target = _SCALAR_FORM[node.target]
                modified = True
        return PassResult(graph_module, modified)
