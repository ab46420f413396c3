"""FullReductionsPass: whole-tensor reductions -> their explicit-dims overloads.

``sum(x)`` becomes ``sum.dim_IntList(x, [0..n-1], keepdim=False)`` and
``mean(x)`` becomes ``mean.dim(x, [0..n-1], keepdim=False)``, so they are
emitted as ``sum.IntList_out`` / ``mean.out``, the reductions Wick's portable
library implements, instead of the dims-less ``sum.out`` / ``mean.out`` forms.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule

from .base import GraphPass, PassResult
from .graph_utils import output_shape

aten = torch.ops.aten

_WITH_DIMS = {aten.sum.default: aten.sum.dim_IntList, aten.mean.default: aten.mean.dim}


class FullReductionsPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        modified = False
        for node in graph_module.graph.nodes:
            if node.op != "call_function" or node.target not in _WITH_DIMS:
                continue
            rank = len(output_shape(node.args[0]))
            node.target = _WITH_DIMS[node.target]
            node.args = (node.args[0], list(range(rank)), False)
            modified = True
        return PassResult(graph_module, modified)
