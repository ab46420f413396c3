"""Shared state and helpers of the cortex_m lowering (see lower_cortex_m.py).

``LoweringContext`` tracks which int8 values are NHWC, inserts layout clones,
constants and calls; the pattern mixins (lower_cortex_m_compute.py,
lower_cortex_m_data.py) use it to rewrite one ``quantize(op(dequantize(x)))``
at a time.
"""

from __future__ import annotations

from typing import Dict, Optional, Sequence

import torch
from torch.fx import Node

from wick.exir.emitter import SCRATCH_KEY
from wick.quantization.convert import QPARAMS_KEY, constant_tensor
from wick.quantization.multiplier import quantize_multiplier
from wick.quantization.observers import INT8_MAX, INT8_MIN, QParams
from wick.quantization.ops import dequantize_per_channel, dequantize_per_tensor
from wick.quantization.prepare import FUSED_ACTIVATIONS

from .graph_utils import add_constant

aten = torch.ops.aten


def activation_bounds(node: Node):
    """(lo, hi) float bounds of a fused activation node (None = unbounded)."""
    if node.target is aten.relu.default:
        return 0.0, None
    if node.target is aten.hardtanh.default:
        lo = node.args[1] if len(node.args) > 1 else node.kwargs.get("min_val", -1.0)
        hi = node.args[2] if len(node.args) > 2 else node.kwargs.get("max_val", 1.0)
        return lo, hi
    lo = node.args[1] if len(node.args) > 1 else node.kwargs.get("min")
    hi = node.args[2] if len(node.args) > 2 else node.kwargs.get("max")
    return lo, hi


def is_call(node, target) -> bool:
    return isinstance(node, Node) and node.op == "call_function" and node.target is target


def multipliers(scales: Sequence[float]):
    pairs = [quantize_multiplier(float(s)) for s in scales]
    return [m for m, _ in pairs], [s for _, s in pairs]


def conv_scratch_bytes(in_channels: int, kernel_hw, stride, padding, dilation, in_height: int) -> int:
    """arm_convolve_wrapper_s8_get_buffer_size for CMSIS-NN's DSP (non-Helium) kernels."""
    kh, kw = kernel_hw
    if (kh, kw) == (1, 1) and list(dilation) == [1, 1]:
        return 0  # arm_convolve_1x1_s8(_fast) needs no buffer
    if in_height == 1 and kh == 1 and list(dilation) == [1, 1]:
        return 2 * in_channels * kw * 2  # arm_convolve_1_x_n_s8: int16 im2col of two columns
    return 2 * in_channels * kh * kw * 2  # arm_convolve_s8: int16 im2col of two columns


def depthwise_scratch_bytes(channels: int, multiplier: int, kernel_hw, padding, dilation) -> int:
    """arm_depthwise_conv_wrapper_s8_get_buffer_size for the DSP kernels."""
    kh, kw = kernel_hw
    if multiplier != 1 or list(dilation) != [1, 1]:
        return 0  # generic arm_depthwise_conv_s8
    if (kh, kw) == (3, 3) and max(padding) <= 1:
        return 0  # arm_depthwise_conv_3x3_s8
    return channels * kh * kw * 2  # arm_depthwise_conv_s8_opt: int16 column buffer




class LoweringContext:
    """The graph being rewritten, the layout of each int8 value, and node builders."""

    def __init__(self):
        self._nhwc: Dict[Node, bool] = {}
        self._layout_cache: Dict[tuple, Node] = {}
        self._int8_splits: Dict[Node, Node] = {}

    def _shape(self, node: Node) -> list:
        return list(node.meta["tensor_meta"].shape)

    def _call(self, target, args, before: Node, nhwc: bool = False, scratch: Optional[int] = None) -> Node:
        with self.graph.inserting_before(before):
            node = self.graph.call_function(target, tuple(args))
        self._nhwc[node] = nhwc
        if scratch is not None:
            node.meta[SCRATCH_KEY] = {"scratch": scratch}
        return node

    def _layout(self, node: Node, nhwc: bool, before: Node) -> Node:
        """``node`` as an NHWC (or contiguous) int8 tensor: rank-4 layout changes are clones."""
        shape = self._shape(node)
        if len(shape) != 4 or self._nhwc.get(node, False) == nhwc or shape[1] == 1 or shape[2] * shape[3] == 1:
            return node  # already in that layout, or NCHW and NHWC bytes are the same
        key = (node, nhwc)
        if key not in self._layout_cache:
            fmt = torch.channels_last if nhwc else torch.contiguous_format
            with self.graph.inserting_after(node):
                clone = self.graph.call_function(aten.clone.default, (node,), {"memory_format": fmt})
            clone.meta["tensor_meta"] = node.meta["tensor_meta"]
            self._nhwc[clone] = nhwc
            self._layout_cache[key] = clone
        return self._layout_cache[key]

    def _const(self, tensor: torch.Tensor, before: Node, hint: str) -> Node:
        return add_constant(self.graph_module, tensor, before=before, hint=hint)

    @staticmethod
    def _dq_input(node) -> Optional[tuple]:
        """(int8 node, QParams) when ``node`` is a per-tensor dequantize."""
        if not is_call(node, dequantize_per_tensor):
            return None
        return node.args[0], node.meta.get(QPARAMS_KEY) or QParams(node.args[1], node.args[2])

    def _weights(self, node) -> Optional[tuple]:
        if not is_call(node, dequantize_per_channel):
            return None
        return constant_tensor(self.graph_module, node.args[0]), constant_tensor(self.graph_module, node.args[1])

    def _act_range(self, q_node: Node, out_qp: QParams):
        """(producer of the float value, activation_min, activation_max)."""
        value = q_node.args[0]
        lo_q, hi_q = INT8_MIN, INT8_MAX
        if isinstance(value, Node) and value.op == "call_function" and value.target in FUSED_ACTIVATIONS:
            lo, hi = activation_bounds(value)
            if lo is not None:
                lo_q = max(lo_q, out_qp.quantize(lo))
            if hi is not None:
                hi_q = min(hi_q, out_qp.quantize(hi))
            value = value.args[0]
        return value, lo_q, hi_q

