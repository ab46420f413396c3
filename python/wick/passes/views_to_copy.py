"""ViewsToCopyPass: replace aliasing view operators by their ``*_copy`` forms.

A .pte has no view values, so every view becomes a copy into its own planned
tensor (a permute_copy / view_copy that leaves the bytes as they are is later
planned onto its input's memory and runs no instruction: wick.memory_planning.aliases):
  view / _unsafe_view / reshape / squeeze / unsqueeze / flatten / as_strided
      (contiguous only)                      -> view_copy(x, static output shape)
  permute / t / transpose / numpy_T           -> permute_copy(x, dims)
  expand                                      -> expand_copy
  slice.Tensor                                -> slice_copy.Tensor
  select.int                                  -> select_copy.int
  split / split_with_sizes / chunk            -> split_with_sizes_copy
  unbind.int                                  -> unbind_copy.int
Shape-only views share one kernel (view_copy) because shapes are static.
"""

from __future__ import annotations

import torch
from torch.fx import GraphModule, Node

from .base import GraphPass, PassResult
from .graph_utils import copy_meta, output_shape

aten = torch.ops.aten

_RESHAPES = {
    aten.view.default,
    aten._unsafe_view.default,
    aten.reshape.default,
    aten.squeeze.default,
    aten.squeeze.dim,
    aten.unsqueeze.default,
    aten.flatten.using_ints,
    aten.view_copy.default,
    aten.squeeze_copy.default,
    aten.squeeze_copy.dim,
    aten.unsqueeze_copy.default,
}
_DIRECT = {
    aten.expand.default: aten.expand_copy.default,
    aten.slice.Tensor: aten.slice_copy.Tensor,
    aten.select.int: aten.select_copy.int,
    aten.unbind.int: aten.unbind_copy.int,
    aten.split_with_sizes.default: aten.split_with_sizes_copy.default,
}


def _rank(node: Node) -> int:
    return len(output_shape(node))


def _permutation(node: Node):
    if node.target in (aten.permute.default, aten.permute_copy.default):
        rank = _rank(node)
        return [d % rank for d in node.args[1]]
    if node.target in (aten.t.default, aten.numpy_T.default):
        rank = _rank(node)
        return list(reversed(range(rank)))
    if node.target in (aten.transpose.int, aten.transpose_copy.int):
        rank = _rank(node)
        dims = list(range(rank))
        a, b = node.args[1] % rank, node.args[2] % rank
        dims[a], dims[b] = dims[b], dims[a]
        return dims
    return None


def _is_contiguous_as_strided(node: Node) -> bool:
    if node.target is not aten.as_strided.default:
        return False
    sizes, strides = list(node.args[1]), list(node.args[2])
    offset = node.args[3] if len(node.args) > 3 else node.kwargs.get("storage_offset", 0)
    expected, running = [], 1
    for size in reversed(sizes):
        expected.append(running)
        running *= size
    source_numel = 1
    for size in output_shape(node.args[0]):
        source_numel *= size
    expected.reverse()
    # Strides of size-1 dimensions never matter.
    dense = all(size == 1 or stride == want for size, stride, want in zip(sizes, strides, expected))
    return not offset and dense and running == source_numel


def _split_sizes(node: Node):
    if node.target is not aten.split.Tensor:
        return None
    dim = node.args[2] if len(node.args) > 2 else node.kwargs.get("dim", 0)
    length = output_shape(node.args[0])[dim]
    chunk = node.args[1]
    sizes = [chunk] * (length // chunk)
    if length % chunk:
        sizes.append(length % chunk)
    return sizes, dim


class ViewsToCopyPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        graph = graph_module.graph
        modified = False
        for node in list(graph.nodes):
            if node.op != "call_function":
                continue
            source = node.args[0] if node.args else None
            with graph.inserting_before(node):
                if node.target in _RESHAPES or _is_contiguous_as_strided(node):
                    new = graph.call_function(aten.view_copy.default, (source, output_shape(node)))
                elif _permutation(node) is not None:
                    new = graph.call_function(aten.permute_copy.default, (source, _permutation(node)))
                elif node.target in _DIRECT:
                    new = graph.call_function(_DIRECT[node.target], node.args, node.kwargs)
                elif _split_sizes(node) is not None:
                    sizes, dim = _split_sizes(node)
                    new = graph.call_function(aten.split_with_sizes_copy.default, (source, sizes, dim))
                else:
                    continue
            copy_meta(node, new)
            node.replace_all_uses_with(new)
            graph.erase_node(node)
            modified = True
        return PassResult(graph_module, modified)
