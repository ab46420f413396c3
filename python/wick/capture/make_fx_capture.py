"""Capture on torch 1.13: make_fx over a functionalized functional_call.

Parameters and buffers are passed to the traced function as inputs so they
become placeholders with their fully qualified names known; the user's inputs
follow. ``functionalize`` removes mutation and aliasing; the decomposition
table (decompositions.py) breaks composite operators into core aten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import traceback
from typing import Any, Dict, List, Tuple

import torch
import torch.utils._pytree as pytree
from functorch import functionalize
from torch.fx.experimental.proxy_tensor import make_fx

from .decompositions import wick_decompositions
from .errors import CaptureError, DataDependentControlFlowError
from .provenance import ProvenanceRecorder, innermost_model_frame, provenance_of

# Raised by proxy tensors in real tracing mode when Python asks for a value.
_DATA_DEPENDENT_MARKERS = (
    "trying to get value out of a tracing tensor",
    "data-dependent",
)


@dataclasses.dataclass
class CapturedGraph:
    """Result of tracing: a flat aten graph plus the names of its placeholders.

    ``graph_module`` placeholders are, in order: ``parameter_names``, then
    ``buffer_names``, then the flattened user inputs (``in_spec`` rebuilds the
    (args, kwargs) tree). Its output is a flat list (``out_spec`` rebuilds it).
    """

    graph_module: torch.fx.GraphModule
    parameter_names: List[str]
    buffer_names: List[str]
    state: Dict[str, torch.Tensor]
    flat_example_inputs: List[torch.Tensor]
    in_spec: pytree.TreeSpec
    out_spec: pytree.TreeSpec


def _data_dependent_error(error: BaseException, recorder: ProvenanceRecorder) -> DataDependentControlFlowError:
    frame = innermost_model_frame(traceback.extract_tb(error.__traceback__))
    module_path, module_type = recorder.current_module()
    where = f"{module_path or '<root>'} ({module_type})"
    if frame is not None:
        where += f" at {frame.filename}:{frame.lineno}: {frame.line}"
    return DataDependentControlFlowError(
        f"data-dependent control flow in {where}\n"
        "The model reads a tensor's value in Python (if/while on a tensor, .item(), bool(), ...). "
        "A .pte is a straight-line program: compute both branches and select with torch.where, "
        "or move the decision out of forward()."
    )


@contextlib.contextmanager
def _fused_kernels_disabled():
    """Keep nn.MultiheadAttention / TransformerEncoderLayer off their fused fast path.

    In eval mode they call torch._native_multi_head_attention or
    torch._transformer_encoder_layer_fwd, monolithic kernels with no
    decomposition in torch 1.13. Their guard skips the fast path whenever
    (CUDA) autocast is flagged on; the flag has no effect on CPU tensors, so
    raising it while tracing yields the composite linear/bmm/softmax graph.
    """
    previous = torch.is_autocast_enabled()
    torch.set_autocast_enabled(True)
    try:
        yield
    finally:
        torch.set_autocast_enabled(previous)


def _check_tensor_inputs(flat_inputs: List[Any]) -> None:
    for index, value in enumerate(flat_inputs):
        if not isinstance(value, torch.Tensor):
            raise CaptureError(
                f"example input #{index} is a {type(value).__name__}; Wick exports tensor inputs only "
                "(fold constant Python values into the model instead)"
            )


def capture(model: torch.nn.Module, args: Tuple[Any, ...], kwargs: Dict[str, Any] | None = None) -> CapturedGraph:
    """Trace ``model(*args, **kwargs)`` into a functional aten graph."""
    if not isinstance(model, torch.nn.Module):
        raise CaptureError(f"expected a torch.nn.Module, got {type(model).__name__}")
    kwargs = dict(kwargs or {})
    flat_inputs, in_spec = pytree.tree_flatten((tuple(args), kwargs))
    _check_tensor_inputs(flat_inputs)

    parameters = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    parameter_names = list(parameters)
    buffer_names = list(buffers)
    n_state = len(parameter_names) + len(buffer_names)
    out_spec_holder: List[pytree.TreeSpec] = []

    def flat_forward(*flat):
        state = dict(zip(parameter_names + buffer_names, flat[:n_state]))
        call_args, call_kwargs = pytree.tree_unflatten(list(flat[n_state:]), in_spec)
        outputs = torch.nn.utils.stateless.functional_call(model, state, call_args, call_kwargs)
        flat_outputs, out_spec = pytree.tree_flatten(outputs)
        out_spec_holder.append(out_spec)
        for index, value in enumerate(flat_outputs):
            if not isinstance(value, torch.Tensor):
                raise CaptureError(f"model output #{index} is a {type(value).__name__}; only tensor outputs are exported")
        return flat_outputs

    recorder = ProvenanceRecorder(model)
    state_values = [parameters[n] for n in parameter_names] + [buffers[n] for n in buffer_names]
    try:
        with recorder.recording(model), _fused_kernels_disabled():
            graph_module = make_fx(functionalize(flat_forward), decomposition_table=wick_decompositions())(
                *state_values, *flat_inputs
            )
    except CaptureError:
        raise
    except RuntimeError as error:
        if any(marker in str(error) for marker in _DATA_DEPENDENT_MARKERS):
            raise _data_dependent_error(error, recorder) from error
        frame = innermost_model_frame(traceback.extract_tb(error.__traceback__))
        where = f" at {frame.filename}:{frame.lineno}: {frame.line}" if frame else ""
        raise CaptureError(f"tracing failed{where}: {error}") from error

    _check_no_state_mutation(graph_module, parameter_names + buffer_names)
    _check_static_shapes(graph_module)
    state = {**{n: parameters[n].detach() for n in parameter_names}, **buffers}
    return CapturedGraph(
        graph_module=graph_module,
        parameter_names=parameter_names,
        buffer_names=buffer_names,
        state=state,
        flat_example_inputs=list(flat_inputs),
        in_spec=in_spec,
        out_spec=out_spec_holder[-1],
    )


# Operators whose output shape depends on tensor values: tracing would bake in
# the example's shape, so the program would be wrong for other inputs.
_DATA_DEPENDENT_SHAPE_OPS = {
    torch.ops.aten.nonzero.default,
    torch.ops.aten.masked_select.default,
    torch.ops.aten._unique2.default,
    torch.ops.aten.unique_dim.default,
    torch.ops.aten.unique_consecutive.default,
    torch.ops.aten.repeat_interleave.Tensor,
}


def _has_data_dependent_shape(node: torch.fx.Node) -> bool:
    if node.target in _DATA_DEPENDENT_SHAPE_OPS:
        return True
    if node.target is torch.ops.aten.index.Tensor:  # boolean-mask indexing, x[x > 0]
        indices = node.args[1]
        return any(
            isinstance(i, torch.fx.Node) and i.meta.get("tensor_meta") is not None and i.meta["tensor_meta"].dtype == torch.bool
            for i in indices
        )
    return False


def _check_static_shapes(graph_module: torch.fx.GraphModule) -> None:
    for node in graph_module.graph.nodes:
        if node.op == "call_function" and _has_data_dependent_shape(node):
            raise DataDependentControlFlowError(
                f"data-dependent output shape from {node.target} in {provenance_of(node).describe()}\n"
                "Its size depends on tensor values, but a .pte has static shapes: use a fixed-size form "
                "(e.g. torch.where(mask, x, 0) instead of x[mask])."
            )


def _check_no_state_mutation(graph_module: torch.fx.GraphModule, state_names: List[str]) -> None:
    placeholders = [n for n in graph_module.graph.nodes if n.op == "placeholder"]
    names = {node: name for node, name in zip(placeholders, state_names)}
    for node in graph_module.graph.nodes:
        if node.op == "call_function" and node.target is torch.ops.aten.copy_.default and node.args[0] in names:
            raise CaptureError(
                f"forward() writes to model state '{names[node.args[0]]}' "
                "(a BatchNorm in training mode does this); call model.eval() before exporting"
            )
    for node in placeholders[: len(state_names)]:
        for user in node.users:
            if user.op == "call_function" and isinstance(user.target, torch._ops.OpOverload) and user.target._schema.is_mutable:
                raise CaptureError(f"forward() mutates model state '{names[node]}'; call model.eval() before exporting")


__all__ = ["CapturedGraph", "capture"]
