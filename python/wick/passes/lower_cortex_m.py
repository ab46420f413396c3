"""LowerToCortexMPass: a converted (Q/DQ reference) graph -> ExecuTorch's cortex_m:: int8 operators.

Each ``quantize(op(dequantize(x), ...))`` whose op has an int8 kernel becomes
one ``cortex_m::`` call on the int8 tensors (pte-format.md §6.3), with
CMSIS-NN's requantization parameters (wick.quantization.multiplier):
  convolution (groups 1)            -> quantized_conv2d (weights OHWI)
  convolution (groups == C_in, N=1) -> quantized_depthwise_conv2d (weights [1, KH, KW, C_out])
  addmm / mm                        -> quantized_linear (per-channel multipliers)
  add.Tensor / mul.Tensor           -> quantized_add / quantized_mul
  max_pool2d / avg_pool2d           -> quantized_max_pool2d / quantized_avg_pool2d
  _softmax (last dim)               -> softmax
  constant_pad_nd                   -> pad
  mean over H, W / adaptive pool 1x1 -> quantized_avg_pool2d
  unary functions, x (+-*/) number  -> quantized_activation (a 256-entry table)
  reshapes, permutes, cat, split    -> the same aten operator on int8 (shared parameters)
A relu / hardtanh / clamp between the op and its quantize becomes the
kernel's activation_min/max. Activations of rank 4 are NHWC (dim_order
0,2,3,1) for the cortex_m kernels; layout changes are explicit int8 clones.
Everything else stays float between cortex_m::dequantize_per_tensor and
cortex_m::quantize_per_tensor; ``fallbacks`` lists each such operator.
"""

from __future__ import annotations

import operator
from typing import List, Optional, Sequence

import torch
from torch.fx import GraphModule, Node

from wick.capture.provenance import provenance_of
from wick.quantization.convert import QPARAMS_KEY, constant_tensor
from wick.quantization.observers import QParams
from wick.quantization.ops import cortex_m, dequantize_per_channel, dequantize_per_tensor, quantize_per_tensor
from wick.quantization.prepare import propagate_shapes

from .base import GraphPass, PassResult
from .graph_utils import remove_unused_constants
from .lower_cortex_m_base import LoweringContext, is_call
from .lower_cortex_m_compute import ComputePatterns
from .lower_cortex_m_data import DataPatterns


class LowerToCortexMPass(ComputePatterns, DataPatterns, LoweringContext, GraphPass):
    def __init__(self, example_inputs: Sequence[torch.Tensor], int8_io: bool = False):
        self.example_inputs = list(example_inputs)
        self.int8_io = int8_io
        self.int8_inputs: Optional[List[torch.Tensor]] = None  # the example inputs, quantized, when int8_io
        self.fallbacks: List[str] = []
        LoweringContext.__init__(self)

    def call(self, graph_module: GraphModule) -> PassResult:
        self.graph_module, self.graph = graph_module, graph_module.graph
        patterns = (self._lower_conv, self._lower_linear, self._lower_add, self._lower_mul, self._lower_softmax,
                    self._lower_pool, self._lower_mean, self._lower_pad, self._lower_lut, self._lower_cat,
                    self._lower_split, self._lower_reshape)
        for q in list(self.graph.nodes):
            if not is_call(q, quantize_per_tensor):
                continue
            out = q.meta.get(QPARAMS_KEY) or QParams(q.args[1], q.args[2])
            for pattern in patterns:
                new = pattern(q, out)
                if new is not None:
                    new.meta["tensor_meta"] = q.meta["tensor_meta"]
                    q.replace_all_uses_with(new)
                    self.graph.erase_node(q)
                    break
        self.graph.eliminate_dead_code()
        self._lower_boundaries()
        self.graph.eliminate_dead_code()
        self._fold_float_weights()
        remove_unused_constants(graph_module)
        self.graph.lint()
        graph_module.recompile()
        propagate_shapes(graph_module, self.example_inputs)
        self._record_fallbacks()
        return PassResult(graph_module, True)

    def _int8_io(self) -> None:
        """Drop the entry quantize and exit dequantize: the program takes and returns int8."""
        placeholders = [n for n in self.graph.nodes if n.op == "placeholder"]
        inputs = list(self.example_inputs)
        for index, node in enumerate(placeholders):
            quantizers = [u for u in node.users if is_call(u, quantize_per_tensor)]
            if len(quantizers) != len(node.users) or not quantizers:
                continue
            q = quantizers[0]
            inputs[index] = q.target(inputs[index], *q.args[1:])
            for other in quantizers:
                other.replace_all_uses_with(node)
                self.graph.erase_node(other)
        output = next(n for n in self.graph.nodes if n.op == "output")
        for value in output.all_input_nodes:
            if is_call(value, dequantize_per_tensor):
                output.replace_input_with(value, self._layout(value.args[0], False, output))
        self.int8_inputs = inputs
        self.example_inputs = inputs

    def _lower_boundaries(self) -> None:
        """Remaining quantize/dequantize -> cortex_m's; dequantized tensors are contiguous."""
        if self.int8_io:
            self._int8_io()
        for node in list(self.graph.nodes):
            if is_call(node, quantize_per_tensor):
                new = self._call(cortex_m.quantize_per_tensor.default, node.args, node)
                self._nhwc[new] = False
            elif is_call(node, dequantize_per_tensor):
                source = self._layout(node.args[0], False, node)
                new = self._call(cortex_m.dequantize_per_tensor.default, (source, *node.args[1:]), node)
            else:
                continue
            new.meta["tensor_meta"] = node.meta["tensor_meta"]
            node.replace_all_uses_with(new)
            self.graph.erase_node(node)

    def _fold_float_weights(self) -> None:
        """Weights of operators left in float: dequantize them once, at export time."""
        for node in list(self.graph.nodes):
            if is_call(node, dequantize_per_channel):
                value = constant_tensor(self.graph_module, node).to(torch.float32)
                folded = self._const(value, node, "dequantized")
                node.replace_all_uses_with(folded)
                self.graph.erase_node(node)

    def _record_fallbacks(self) -> None:
        """Operators computing in float: everything but cortex_m calls and int8 copies/reshapes."""
        def is_int8(node: Node) -> bool:
            meta = node.meta.get("tensor_meta")
            if meta is None:  # several outputs: look at the selected ones
                return bool(node.users) and all(is_int8(user) for user in node.users)
            return meta.dtype == torch.int8

        for node in self.graph.nodes:
            if node.op != "call_function" or node.target is operator.getitem or str(node.target).startswith("cortex_m."):
                continue
            if is_int8(node) or all(a.op == "get_attr" for a in node.all_input_nodes):
                continue
            self.fallbacks.append(f"{node.target} at {provenance_of(node).describe()}")
