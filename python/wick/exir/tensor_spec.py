"""TensorSpec: the static facts about one tensor value that a .pte records.

``propagate_specs`` runs the graph once on the example inputs (real tensors,
torch kernels) and stores on every node ``meta["val"]``: a TensorSpec, or a
tuple of them for operators with several outputs.
"""

from __future__ import annotations

import dataclasses
from typing import List, Tuple

import torch

from wick.passes.graph_utils import dim_order_of
from wick.pte.schema import ScalarType

_SCALAR_TYPES = {
    torch.uint8: ScalarType.BYTE,
    torch.int8: ScalarType.CHAR,
    torch.int16: ScalarType.SHORT,
    torch.int32: ScalarType.INT,
    torch.int64: ScalarType.LONG,
    torch.float16: ScalarType.HALF,
    torch.float32: ScalarType.FLOAT,
    torch.float64: ScalarType.DOUBLE,
    torch.bool: ScalarType.BOOL,
    torch.bfloat16: ScalarType.BFLOAT16,
}


def scalar_type_of(dtype: torch.dtype) -> ScalarType:
    if dtype not in _SCALAR_TYPES:
        raise TypeError(f"dtype {dtype} has no .pte ScalarType")
    return _SCALAR_TYPES[dtype]


@dataclasses.dataclass(frozen=True)
class TensorSpec:
    shape: Tuple[int, ...]
    dtype: torch.dtype
    dim_order: Tuple[int, ...]

    @staticmethod
    def of(tensor: torch.Tensor) -> "TensorSpec":
        return TensorSpec(tuple(tensor.shape), tensor.dtype, tuple(dim_order_of(tensor.shape, tensor.stride())))

    @property
    def numel(self) -> int:
        count = 1
        for size in self.shape:
            count *= size
        return count

    @property
    def nbytes(self) -> int:
        return self.numel * torch.empty((), dtype=self.dtype).element_size()

    @property
    def scalar_type(self) -> ScalarType:
        return scalar_type_of(self.dtype)


def _spec_tree(value):
    if isinstance(value, torch.Tensor):
        return TensorSpec.of(value)
    if isinstance(value, (list, tuple)):
        return tuple(_spec_tree(v) for v in value)
    return None


class _SpecRecorder(torch.fx.Interpreter):
    def run_node(self, node):
        result = super().run_node(node)
        if node.op != "output":
            node.meta["val"] = _spec_tree(result)
        return result


def propagate_specs(graph_module: torch.fx.GraphModule, flat_inputs: List[torch.Tensor]) -> list:
    """Annotate every node with its TensorSpec(s); return the graph's outputs."""
    with torch.no_grad():
        return _SpecRecorder(graph_module).run(*flat_inputs)
