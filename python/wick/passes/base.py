"""Common shape of every graph pass: ``call(graph_module) -> PassResult``."""

from __future__ import annotations

import dataclasses

import torch


@dataclasses.dataclass
class PassResult:
    graph_module: torch.fx.GraphModule
    modified: bool


class GraphPass:
    """A rewrite of an fx graph in place. Subclasses implement ``call``."""

    def call(self, graph_module: torch.fx.GraphModule) -> PassResult:
        raise NotImplementedError(type(self).__name__)

    def __call__(self, graph_module: torch.fx.GraphModule) -> PassResult:
        result = self.call(graph_module)
        if result.modified:
            graph_module.graph.lint()
            graph_module.recompile()
        return result
