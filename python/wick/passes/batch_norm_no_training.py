"""BatchNormNoTrainingPass: eval BatchNorms left after folding -> the inference-only op.

``native_batch_norm(x, w, b, mean, var, training=False, momentum, eps)`` becomes
``_native_batch_norm_legit_no_training(x, w, b, mean, var, momentum, eps)``, the
operator Wick's portable library implements. Its second and third outputs are
empty tensors; only output 0 is ever used.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule

from wick.capture.provenance import provenance_of
from wick.capture.errors import CaptureError
from wick.exir.edge_ops import batch_norm_no_training

from .base import GraphPass, PassResult
from .graph_utils import copy_meta


class BatchNormNoTrainingPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        graph = graph_module.graph
        modified = False
        for node in list(graph.nodes):
            if node.op != "call_function" or node.target is not torch.ops.aten.native_batch_norm.default:
                continue
            x, weight, bias, mean, var, training, momentum, eps = node.args[:8]
            if training:
                raise CaptureError(
                    f"BatchNorm in training mode at {provenance_of(node).describe()}; call model.eval() before exporting"
                )
            with graph.inserting_before(node):
                new = graph.call_function(batch_norm_no_training, (x, weight, bias, mean, var, momentum, eps))
            copy_meta(node, new)
            node.replace_all_uses_with(new)
            graph.erase_node(node)
            modified = True
        return PassResult(graph_module, modified)
