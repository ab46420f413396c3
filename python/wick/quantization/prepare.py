"""prepare_pt2e: choose which tensors are int8 and attach an observer to each.

On a copy of the exported graph (detach/no-op removal and BatchNorm folding
first):
* every float activation gets an observer, except
  - the output of a conv / linear (addmm, mm) / add whose only user is a
    relu, hardtanh or clamp: the activation is fused, so only its output is
    observed (its bounds become the int8 activation_min/max);
  - outputs of operators that cannot change the quantization (max pool, avg
    pool, mean, pad, reshapes, permutes, split): they share their input's
    observer, as CMSIS-NN's pooling kernels require; a concatenation merges
    its inputs' observers into one;
  - softmax, whose output parameters are fixed by CMSIS-NN (1/256, -128);
* constants (weights, biases and anything computed only from them) are not
  observed: weights are quantized symmetric per channel by convert_pt2e.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Dict, Optional

import torch
import torch.fx.passes.shape_prop
from torch.fx import Node

from wick.export.exported_program import ExportedProgram
from wick.passes import FoldBatchNormPass, FoldConstantTransformsPass, RemoveNoOpsPass

from .observers import OBSERVERS, FixedQParamsObserver, Observer

aten = torch.ops.aten

FUSED_ACTIVATIONS = {aten.relu.default, aten.hardtanh.default, aten.clamp.default}
FUSING_ANCHORS = {aten.convolution.default, aten.addmm.default, aten.mm.default, aten.add.Tensor}
SHARED_QPARAMS = {
    aten.avg_pool2d.default,
    aten._adaptive_avg_pool2d.default,
    aten.mean.dim,
    aten.constant_pad_nd.default,
    aten.view.default,
    aten._unsafe_view.default,
    aten.reshape.default,
    aten.squeeze.dim,
    aten.squeeze.default,
    aten.unsqueeze.default,
    aten.permute.default,
    aten.t.default,
    aten.transpose.int,
    aten.clone.default,
}
SOFTMAX_QPARAMS = (1.0 / 256.0, -128)


@dataclasses.dataclass
class QuantConfig:
    """What to quantize and how.

    activation_observer: "minmax" (default), "moving_average" or "histogram";
    observer_kwargs: passed to it (e.g. {"percentile": 99.9});
    int8_io: the program takes and returns int8 tensors instead of float;
    fuse_activations: fold relu/hardtanh/clamp into the producer's int8 bounds.
    """

    activation_observer: str = "minmax"
    observer_kwargs: dict = dataclasses.field(default_factory=dict)
    int8_io: bool = False
    fuse_activations: bool = True

    def new_observer(self) -> Observer:
        if self.activation_observer not in OBSERVERS:
            raise ValueError(f"unknown observer {self.activation_observer!r}; choose from {sorted(OBSERVERS)}")
        return OBSERVERS[self.activation_observer](**self.observer_kwargs)


def is_constant(node) -> bool:
    """A get_attr, or an operator whose tensor inputs are all constants."""
    if not isinstance(node, Node):
        return True
    if node.op == "get_attr":
        return True
    if node.op != "call_function":
        return False
    inputs = [a for a in node.all_input_nodes]
    return bool(inputs) and all(is_constant(a) for a in inputs)


def _is_float_tensor(node: Node) -> bool:
    meta = node.meta.get("tensor_meta")
    return meta is not None and hasattr(meta, "dtype") and meta.dtype.is_floating_point


def _fusable(node: Node, config: QuantConfig) -> bool:
    if not config.fuse_activations or node.target not in FUSING_ANCHORS or len(node.users) != 1:
        return False
    if node.target is aten.add.Tensor and not all(isinstance(a, Node) and not is_constant(a) for a in node.args[:2]):
        return False  # x + number becomes a table lookup, which has no activation bounds to fuse into
    user = next(iter(node.users))
    if user.target not in FUSED_ACTIVATIONS or user.args[0] is not node:
        return False
    return all(not isinstance(a, Node) for a in list(user.args[1:]) + list(user.kwargs.values()))


def _shared_source(node: Node) -> Optional[Node]:
    if node.target in SHARED_QPARAMS and isinstance(node.args[0], Node):
        return node.args[0]
    if node.target is operator.getitem:
        producer = node.args[0]
        if producer.target is aten.max_pool2d_with_indices.default and node.args[1] == 0:
            return producer.args[0]
        if producer.target in (aten.split.Tensor, aten.split_with_sizes.default):
            return producer.args[0]
    return None


def _share_concatenation(node: Node, observers: Dict[Node, Observer], owners: Dict[Node, Node]) -> bool:
    """cat: its inputs and output use one observer (int8 concatenation is then a plain copy)."""
    inputs = node.args[0]
    if not inputs or not all(isinstance(i, Node) and i in observers for i in inputs):
        return False
    if any(isinstance(observers[i], FixedQParamsObserver) for i in inputs):
        return False
    target = observers[inputs[0]]
    for other in inputs[1:]:
        merged = observers[other]
        if merged is target:
            continue
        for n in [n for n, o in observers.items() if o is merged]:
            observers[n] = target
    observers[node], owners[node] = target, owners[inputs[0]]
    return True


class PreparedModel:
    """The annotated graph: call it on calibration inputs; observers record as it runs."""

    def __init__(self, program: ExportedProgram, observers: Dict[Node, Observer], owners: Dict[Node, Node], config):
        self.program = program
        self.observers = observers  # node -> its observer (shared nodes share one)
        self.owners = owners  # node -> the node whose values feed the observer
        self.config = config

    @property
    def graph_module(self) -> torch.fx.GraphModule:
        return self.program.graph_module

    def __call__(self, *args):
        flat = [a for a in args]
        recorder = _Recorder(self.graph_module, {n for n, owner in self.owners.items() if n is owner}, self.observers)
        with torch.no_grad():
            return recorder.run(*flat)


class _Recorder(torch.fx.Interpreter):
    def __init__(self, graph_module, observed, observers):
        super().__init__(graph_module)
        self.observed = observed
        self.observers = observers

    def run_node(self, node):
        result = super().run_node(node)
        if node in self.observed:
            self.observers[node].observe(result)
        return result


def _annotate(program: ExportedProgram, config: QuantConfig):
    observers: Dict[Node, Observer] = {}
    owners: Dict[Node, Node] = {}
    for node in program.graph.nodes:
        if node.op == "placeholder":
            if _is_float_tensor(node):
                observers[node], owners[node] = config.new_observer(), node
            continue
        if node.op != "call_function" or is_constant(node) or not _is_float_tensor(node):
            continue
        source = _shared_source(node)
        if source is not None:
            if source in observers:
                observers[node], owners[node] = observers[source], owners[source]
            else:
                observers[node], owners[node] = config.new_observer(), node
            continue
        if _fusable(node, config):
            continue
        if node.target is aten.cat.default and _share_concatenation(node, observers, owners):
            continue
        if node.target is aten._softmax.default:
            observers[node], owners[node] = FixedQParamsObserver(*SOFTMAX_QPARAMS), node
            continue
        observers[node], owners[node] = config.new_observer(), node
    return observers, owners


def propagate_shapes(graph_module: torch.fx.GraphModule, inputs) -> None:
    """``meta["tensor_meta"]`` of every single-tensor node (multi-output nodes get none, as after capture)."""
    torch.fx.passes.shape_prop.ShapeProp(graph_module).propagate(*inputs)
    for node in graph_module.graph.nodes:
        if not isinstance(node.meta.get("tensor_meta"), torch.fx.passes.shape_prop.TensorMetadata):
            node.meta.pop("tensor_meta", None)


def canonicalize(exported: ExportedProgram) -> ExportedProgram:
    """A copy with no-ops removed and BatchNorm folded into the conv/linear before it."""
    program = exported.copy()
    for graph_pass in (RemoveNoOpsPass(), FoldConstantTransformsPass(), FoldBatchNormPass(), RemoveNoOpsPass()):
        graph_pass(program.graph_module)
    propagate_shapes(program.graph_module, program.flat_example_inputs)
    return program


def prepare_pt2e(exported: ExportedProgram, config: Optional[QuantConfig] = None) -> PreparedModel:
    """Annotate a copy of ``exported`` (from wick.export.export) with observers."""
    config = config or QuantConfig()
    program = canonicalize(exported)
    observers, owners = _annotate(program, config)
    return PreparedModel(program, observers, owners, config)


def calibrate(prepared: PreparedModel, data, progress: bool = True, description: str = "calibrating") -> int:
    """Run ``prepared`` over ``data`` (a list or DataLoader of tensors or input tuples); returns the count.

    Items that are (inputs..., label) pairs from a DataLoader: pass
    ``(x for x, _ in loader)`` to keep only the inputs.
    """
    from tqdm import tqdm

    examples = prepared.program.flat_example_inputs
    batch = examples[0].shape[0] if examples and examples[0].dim() > 0 else None
    total = len(data) if hasattr(data, "__len__") else None
    count = 0
    for item in tqdm(data, total=total, desc=description, disable=not progress, unit="batch"):
        inputs = tuple(item) if isinstance(item, (list, tuple)) else (item,)
        inputs = tuple(torch.as_tensor(x, dtype=e.dtype) for x, e in zip(inputs, examples))
        if batch and inputs[0].dim() == examples[0].dim() and inputs[0].shape[0] != batch:
            # The graph has the example's static batch size: feed larger batches in slices of it.
            for chunk in zip(*(x.split(batch) for x in inputs)):
                prepared(*chunk)
        else:
            prepared(*inputs)
        count += 1
    if count == 0:
        raise ValueError("calibration data is empty")
    return count


__all__ = ["PreparedModel", "QuantConfig", "calibrate", "canonicalize", "is_constant", "prepare_pt2e"]
