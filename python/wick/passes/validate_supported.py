"""ValidateSupportedOpsPass: every operator must have a Wick kernel, or one error says which.

Reads the out-variant chosen by OutVariantPass for each node and checks it
against wick.exir.supported_ops.SUPPORTED_OPS. All offenders are gathered and
raised together as one UnsupportedOperatorError listing, per operator, every
module path and model source line that produced it. The graph is not changed.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from typing import Iterable

from torch.fx import GraphModule

from wick.capture.errors import CaptureError
from wick.capture.provenance import provenance_of
from wick.exir.supported_ops import SUPPORTED_OPS

from .base import GraphPass, PassResult
from .out_variants import OUT_VARIANT_KEY


class UnsupportedOperatorError(CaptureError):
    """The graph uses operators that no Wick kernel implements."""

    def __init__(self, message: str, operators: list):
        super().__init__(message)
        self.operators = operators


class ValidateSupportedOpsPass(GraphPass):
    def __init__(self, supported: Iterable[str] = SUPPORTED_OPS):
        self.supported = frozenset(supported)

    def call(self, graph_module: GraphModule) -> PassResult:
        offenders = OrderedDict()
        for node in graph_module.graph.nodes:
            if node.op != "call_function" or node.target is operator.getitem:
                continue
            variant = node.meta.get(OUT_VARIANT_KEY)
            if variant is not None and variant.qualified_name in self.supported:
                continue
            label = variant.qualified_name if variant is not None else f"{node.target} (no out-variant)"
            offenders.setdefault(label, []).append(provenance_of(node).describe())
        if offenders:
            lines = [f"{len(offenders)} operator(s) have no Wick kernel:"]
            for label, sites in offenders.items():
                lines.append(f"  {label}  ({len(sites)} use{'s' if len(sites) != 1 else ''})")
                unique = list(OrderedDict.fromkeys(sites))
                lines.extend(f"    - {site}" for site in unique[:10])
                if len(unique) > 10:
                    lines.append(f"    - ... and {len(unique) - 10} more sites")
            raise UnsupportedOperatorError("\n".join(lines), list(offenders))
        return PassResult(graph_module, False)
