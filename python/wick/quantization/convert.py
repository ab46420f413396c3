"""convert_pt2e: turn observers into quantize/dequantize pairs and quantize the weights.

The result is the *reference* quantized program (PT2E's representation) and
is still an ordinary torch graph, so running it is the fake-quant simulation:
* after every observed activation: ``dequantize(quantize(x, s, zp), s, zp)``,
  int8 [-128, 127] per tensor (shared observers give identical pairs);
* conv / linear weights: int8 symmetric per output channel in [-127, 127],
  read through ``dequantize_per_channel``;
* their biases: int32 with scale[c] = input_scale * weight_scale[c], zero
  point 0, read through ``dequantize_per_channel``.
``wick.passes.lower_cortex_m`` then replaces the patterns it can run in int8
by ``cortex_m::`` operators.
"""

from __future__ import annotations

from typing import Dict, Optional

import torch
from torch.fx import Node

from wick.export.exported_program import ExportedProgram
from wick.passes.graph_utils import add_constant, remove_unused_constants

from .observers import INT8_MAX, INT8_MIN, QParams, symmetric_per_channel
from .ops import dequantize_per_channel, dequantize_per_tensor, quantize_per_tensor
from .prepare import PreparedModel, is_constant, propagate_shapes

aten = torch.ops.aten
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
QPARAMS_KEY = "wick_qparams"


def constant_tensor(graph_module: torch.fx.GraphModule, node) -> torch.Tensor:
    """Evaluate a constant sub-graph (get_attr, or operators on constants)."""
    if node.op == "get_attr":
        value = graph_module
        for atom in node.target.split("."):
            value = getattr(value, atom)
        return value
    evaluate = lambda a: constant_tensor(graph_module, a) if isinstance(a, Node) else a  # noqa: E731
    args = torch.fx.node.map_aggregate(node.args, evaluate)
    kwargs = torch.fx.node.map_aggregate(node.kwargs, evaluate)
    return node.target(*args, **kwargs)


def _insert_qdq(graph: torch.fx.Graph, node: Node, qp: QParams) -> None:
    users = [u for u in node.users]
    with graph.inserting_after(node):
        q = graph.call_function(quantize_per_tensor, (node, qp.scale, qp.zero_point, INT8_MIN, INT8_MAX, torch.int8))
    with graph.inserting_after(q):
        dq = graph.call_function(dequantize_per_tensor, (q, qp.scale, qp.zero_point, INT8_MIN, INT8_MAX, torch.int8))
    q.meta[QPARAMS_KEY] = dq.meta[QPARAMS_KEY] = qp
    for user in users:
        user.replace_input_with(node, dq)


def _per_channel(graph_module, before: Node, q: torch.Tensor, scales: torch.Tensor, axis: int, lo: int, hi: int) -> Node:
    q_node = add_constant(graph_module, q, before=before, hint="q_weight" if q.dtype == torch.int8 else "q_bias")
    s_node = add_constant(graph_module, scales.to(torch.float64), before=before, hint="q_scales")
    z_node = add_constant(graph_module, torch.zeros(scales.numel(), dtype=torch.int64), before=before, hint="q_zero_points")
    with graph_module.graph.inserting_before(before):
        return graph_module.graph.call_function(dequantize_per_channel, (q_node, s_node, z_node, axis, lo, hi, q.dtype))


def _weight_roles(node: Node):
    """(input index, weight index, weight channel axis, bias index) of a conv/linear node, or None."""
    if node.target is aten.convolution.default and not node.args[6]:
        return 0, 1, 0, 2
    if node.target is aten.addmm.default and node.kwargs.get("beta", 1) == 1 and node.kwargs.get("alpha", 1) == 1:
        return 1, 2, 1, 0
    if node.target is aten.mm.default:
        return 0, 1, 1, None
    return None


def _quantize_weights(graph_module, node: Node, qparams: Dict[Node, QParams]) -> None:
    roles = _weight_roles(node)
    if roles is None:
        return
    x_index, w_index, axis, b_index = roles
    x, weight = node.args[x_index], node.args[w_index]
    if not isinstance(x, Node) or x not in qparams or not is_constant(weight):
        return
    w_float = constant_tensor(graph_module, weight).detach()
    w_q, w_scales = symmetric_per_channel(w_float, axis)
    args = list(node.args)
    args[w_index] = _per_channel(graph_module, node, w_q, w_scales, axis, -127, 127)
    if b_index is not None and args[b_index] is not None and is_constant(args[b_index]):
        bias = constant_tensor(graph_module, args[b_index]).detach().to(torch.float64).reshape(-1)
        if bias.numel() == w_scales.numel():
            b_scales = qparams[x].scale * w_scales
            b_q = torch.round(bias / b_scales).clamp(INT32_MIN, INT32_MAX).to(torch.int32)
            args[b_index] = _per_channel(graph_module, node, b_q, b_scales, 0, INT32_MIN, INT32_MAX)
    node.args = tuple(args)


def convert_pt2e(prepared: PreparedModel) -> ExportedProgram:
    """The calibrated model as a Q/DQ reference graph (runs in torch; lower it for the device)."""
    program = prepared.program.copy()
    graph = program.graph
    by_name = {n.name: n for n in graph.nodes}
    qparams: Dict[Node, QParams] = {}
    cache: Dict[int, QParams] = {}
    for node, observer in prepared.observers.items():
        key = id(observer)
        if key not in cache:
            cache[key] = observer.qparams()
        qparams[by_name[node.name]] = cache[key]
    for node in list(graph.nodes):
        if node.op == "call_function":
            _quantize_weights(program.graph_module, node, qparams)
    for node, qp in qparams.items():
        _insert_qdq(graph, node, qp)
    remove_unused_constants(program.graph_module)
    graph.lint()
    program.graph_module.recompile()
    propagate_shapes(program.graph_module, program.flat_example_inputs)
    program.quant_config = prepared.config
    return program


def input_qparams(program: ExportedProgram) -> Optional[list]:
    """QParams of each user input of a converted program (None for unquantized inputs)."""
    result = []
    for node in program.graph.nodes:
        if node.op == "placeholder":
            q = next((u for u in node.users if u.target is quantize_per_tensor), None)
            result.append(None if q is None else q.meta[QPARAMS_KEY])
    return result
