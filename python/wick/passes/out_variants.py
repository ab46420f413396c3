"""OutVariantPass: pick, for every operator node, the out-variant the .pte will call.

``add.Tensor`` -> ``aten::add.out``, ``native_layer_norm.default`` ->
``aten::native_layer_norm.out`` and so on. The graph keeps its functional
operators (it must still run in torch); the choice is stored as
``node.meta["wick_out_variant"]`` (an OutVariant) for validation, memory
planning and emission. Nodes with no out-variant get None, which
ValidateSupportedOpsPass reports.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from typing import Optional

import torch
from torch.fx import GraphModule

from wick.exir.edge_ops import OUT_SCHEMAS

from .base import GraphPass, PassResult

OUT_VARIANT_KEY = "wick_out_variant"


@dataclasses.dataclass(frozen=True)
class OutVariant:
    """An out-variant operator schema, e.g. ``aten::add.out(Tensor self, ...)``."""

    schema: torch._C.FunctionSchema

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def overload(self) -> str:
        return self.schema.overload_name

    @property
    def qualified_name(self) -> str:
        return f"{self.name}.{self.overload}" if self.overload else self.name

    @property
    def out_arguments(self):
        return [a for a in self.schema.arguments if a.kwarg_only and a.alias_info is not None and a.alias_info.is_write]

    @property
    def in_arguments(self):
        outs = {a.name for a in self.out_arguments}
        return [a for a in self.schema.arguments if a.name not in outs]


_TENSOR_OPTIONS = {"dtype", "layout", "device", "pin_memory", "memory_format"}


def _signature(arguments) -> list:
    return [(a.name, str(a.type)) for a in arguments if not (a.kwarg_only and a.name in _TENSOR_OPTIONS)]


def _is_out_schema(schema) -> bool:
    return any(a.kwarg_only and a.alias_info is not None and a.alias_info.is_write for a in schema.arguments)


@functools.lru_cache(maxsize=None)
def out_variant_of(op: torch._ops.OpOverload) -> Optional[OutVariant]:
    """The out-variant of functional operator ``op``, or None if it has none."""
    if op in OUT_SCHEMAS:
        return OutVariant(torch._C.parse_schema(OUT_SCHEMAS[op]))
    functional = op._schema
    if _is_out_schema(functional):
        return OutVariant(functional)
    packet = op.overloadpacket
    # Tensor-options kwargs (dtype, device, ...) of factories are implied by the out tensor.
    wanted = _signature(functional.arguments)
    preferred = {"out", f"{functional.overload_name}_out"} if functional.overload_name else {"out"}
    candidates = []
    for overload in packet.overloads():
        schema = getattr(packet, overload)._schema
        if not _is_out_schema(schema):
            continue
        variant = OutVariant(schema)
        if _signature(variant.in_arguments) == wanted:
            candidates.append((overload not in preferred, overload, variant))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


class OutVariantPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        for node in graph_module.graph.nodes:
            if node.op != "call_function" or node.target is operator.getitem:
                continue
            variant = out_variant_of(node.target) if isinstance(node.target, torch._ops.OpOverload) else None
            node.meta[OUT_VARIANT_KEY] = variant
        return PassResult(graph_module, False)
