"""Compute patterns of the cortex_m lowering: conv, depthwise conv, linear, add, mul, softmax."""

from __future__ import annotations

from typing import Optional

import torch
from torch.fx import Node

from wick.quantization.multiplier import add_parameters, quantize_multiplier, softmax_parameters
from wick.quantization.observers import QParams
from wick.quantization.ops import cortex_m

from .lower_cortex_m_base import aten, conv_scratch_bytes, depthwise_scratch_bytes, is_call, multipliers

# Reshapes that flatten a linear layer's input (as lowered by DataPatterns._lower_reshape).
_FLATTENS = {aten.view.default, aten._unsafe_view.default, aten.reshape.default, aten.flatten.using_ints}


def _contiguous_meta(meta, shape):
    """``meta`` (a TensorMetadata) for a contiguous tensor of ``shape``."""
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= size
    return meta._replace(shape=torch.Size(shape), stride=tuple(strides))


class ComputePatterns:
    """Mixin for LowerToCortexMPass: each method returns the int8 replacement of ``q`` or None."""

    def _lower_conv(self, q: Node, out: QParams) -> Optional[Node]:
        conv, act_min, act_max = self._act_range(q, out)
        if not is_call(conv, aten.convolution.default) or conv.args[6]:
            return None
        x_dq, w_dq, b_dq, stride, padding, dilation, _, _, groups = conv.args
        source, weights = self._dq_input(x_dq), self._weights(w_dq)
        bias = None if b_dq is None else self._weights(b_dq)
        if source is None or weights is None or (b_dq is not None and bias is None) or len(stride) != 2:
            return None
        x, in_qp = source
        w_q, w_scales = weights
        n, c_in, height, _ = self._shape(x_dq)
        c_out = w_q.shape[0]
        mults, shifts = multipliers((in_qp.scale * w_scales / out.scale).tolist())
        common = [list(stride), list(padding), list(dilation)]
        offsets = [-in_qp.zero_point, out.zero_point]
        bias_node = None if bias is None else self._const(bias[0].to(torch.int32), q, "cm_bias")
        requant = [self._const(torch.tensor(mults, dtype=torch.int32), q, "cm_multipliers"),
                   self._const(torch.tensor(shifts, dtype=torch.int32), q, "cm_shifts")]
        x_nhwc = self._layout(x, True, q)
        kernel = list(w_q.shape[2:])
        if groups == 1:
            weight = self._const(w_q.permute(0, 2, 3, 1).contiguous(), q, "cm_weight_ohwi")
            scratch = conv_scratch_bytes(c_in, kernel, stride, padding, dilation, height)
            args = [x_nhwc, weight, bias_node, *common, *offsets, *requant, act_min, act_max]
            return self._call(cortex_m.quantized_conv2d.default, args, q, nhwc=True, scratch=scratch)
        if groups == c_in and n == 1 and c_out % c_in == 0:
            multiplier = c_out // c_in
            weight = self._const(w_q.permute(1, 2, 3, 0).contiguous(), q, "cm_weight_1hwc")
            if bias_node is None:  # CMSIS-NN's depthwise kernels are always given a bias
                bias_node = self._const(torch.zeros(c_out, dtype=torch.int32), q, "cm_bias")
            scratch = depthwise_scratch_bytes(c_out, multiplier, kernel, padding, dilation)
            args = [x_nhwc, weight, bias_node, *common, multiplier, *offsets, *requant, act_min, act_max]
            return self._call(cortex_m.quantized_depthwise_conv2d.default, args, q, nhwc=True, scratch=scratch)
        return None

    def _lower_linear(self, q: Node, out: QParams) -> Optional[Node]:
        mm, act_min, act_max = self._act_range(q, out)
        if is_call(mm, aten.addmm.default) and not mm.kwargs:
            b_dq, x_dq, w_dq = mm.args
        elif is_call(mm, aten.mm.default):
            (x_dq, w_dq), b_dq = mm.args, None
        else:
            return None
        source, weights = self._dq_input(x_dq), self._weights(w_dq)
        bias = None if b_dq is None else self._weights(b_dq)
        if source is None or weights is None or (b_dq is not None and bias is None):
            return None
        x, in_qp = source
        w_q, w_scales = weights  # [in, out], scales per column
        mults, shifts = multipliers((in_qp.scale * w_scales / out.scale).tolist())
        x, w_q = self._flatten_nhwc(x, w_q, q)
        bias_q, input_offset = self._fold_input_offset(None if bias is None else bias[0], w_q, -in_qp.zero_point)
        weight = self._const(w_q.t().contiguous(), q, "cm_weight_linear")
        bias_node = None if bias_q is None else self._const(bias_q, q, "cm_bias")
        args = [self._layout(x, False, q), weight, bias_node, None, input_offset, 0, out.zero_point,
                mults, shifts, act_max, act_min]
        return self._call(cortex_m.quantized_linear.default, args, q)

    def _flatten_nhwc(self, x: Node, w_q: torch.Tensor, before: Node):
        """(input, weights) of a linear layer, without the NHWC -> NCHW copy when x flattens an NHWC value.

        ``x = view(clone_to_contiguous(v), [N, C*H*W])`` with v NHWC becomes ``view(permute(v, [0, 2, 3, 1]),
        [N, H*W*C])``, a flatten of v's own bytes, and the weight rows (in-features, NCHW order) are
        reordered to match (H, W, C). Otherwise both come back unchanged."""
        if not isinstance(x, Node) or x.op != "call_function" or x.target not in _FLATTENS:
            return x, w_q
        clone = x.args[0]
        if not is_call(clone, aten.clone.default) or clone.kwargs.get("memory_format") is not torch.contiguous_format:
            return x, w_q
        value = clone.args[0]
        shape = self._shape(value)
        if not self._nhwc.get(value, False) or len(shape) != 4:
            return x, w_q
        n, c, h, w = shape
        if self._shape(x) != [n, c * h * w] or w_q.shape[0] != c * h * w:
            return x, w_q
        with self.graph.inserting_before(before):
            permuted = self.graph.call_function(aten.permute.default, (value, [0, 2, 3, 1]))
            flat = self.graph.call_function(aten.reshape.default, (permuted, [n, h * w * c]))
        permuted.meta["tensor_meta"] = _contiguous_meta(value.meta["tensor_meta"], [n, h, w, c])
        flat.meta["tensor_meta"] = x.meta["tensor_meta"]
        self._nhwc[permuted] = self._nhwc[flat] = False
        return flat, w_q.reshape(c, h, w, -1).permute(1, 2, 0, 3).reshape(c * h * w, -1)

    @staticmethod
    def _fold_input_offset(bias: Optional[torch.Tensor], w_q: torch.Tensor, input_offset: int):
        """(int32 bias, input_offset) with ``input_offset * sum(w)`` moved into the bias (CMSIS-NN's kernel sum).

        sum_k (x + off) w + b == sum_k x w + (b + off sum_k w): the kernel then runs bare dot products.
        Kept as it is when the folded bias would not fit int32."""
        bias64 = torch.zeros(w_q.shape[1], dtype=torch.int64) if bias is None else bias.to(torch.int64)
        folded = bias64 + input_offset * w_q.to(torch.int64).sum(dim=0)
        if input_offset == 0 or folded.min() < -(2 ** 31) or folded.max() >= 2 ** 31:
            return (None if bias is None else bias.to(torch.int32)), input_offset
        return folded.to(torch.int32), 0

    def _binary_inputs(self, node: Node):
        if len(node.args) != 2 or node.kwargs.get("alpha", 1) != 1:
            return None
        a, b = self._dq_input(node.args[0]), self._dq_input(node.args[1])
        if a is None or b is None:
            return None
        shape_a, shape_b = self._shape(node.args[0]), self._shape(node.args[1])
        if len(shape_a) != len(shape_b):
            return None
        if any(x != y and 1 not in (x, y) for x, y in zip(shape_a, shape_b)):
            return None
        return a, b

    def _lower_add(self, q: Node, out: QParams) -> Optional[Node]:
        add, act_min, act_max = self._act_range(q, out)
        if not is_call(add, aten.add.Tensor) or self._binary_inputs(add) is None:
            return None
        (a, a_qp), (b, b_qp) = self._binary_inputs(add)
        a_m, a_s, b_m, b_s, o_m, o_s = add_parameters(a_qp.scale, b_qp.scale, out.scale)
        nhwc = len(self._shape(add)) == 4
        a, b = self._layout(a, nhwc, q), self._layout(b, nhwc, q)
        args = [a, a_qp.zero_point, a_m, a_s, b, b_qp.zero_point, b_m, b_s, out.zero_point, o_m, o_s, act_min, act_max]
        return self._call(cortex_m.quantized_add.default, args, q, nhwc=nhwc)

    def _lower_mul(self, q: Node, out: QParams) -> Optional[Node]:
        mul = q.args[0]
        if not is_call(mul, aten.mul.Tensor) or self._binary_inputs(mul) is None:
            return None
        (a, a_qp), (b, b_qp) = self._binary_inputs(mul)
        mult, shift = quantize_multiplier(a_qp.scale * b_qp.scale / out.scale)
        nhwc = len(self._shape(mul)) == 4
        a, b = self._layout(a, nhwc, q), self._layout(b, nhwc, q)
        args = [a, a_qp.zero_point, b, b_qp.zero_point, out.zero_point, mult, shift]
        return self._call(cortex_m.quantized_mul.default, args, q, nhwc=nhwc)


    def _lower_softmax(self, q: Node, out: QParams) -> Optional[Node]:
        softmax = q.args[0]
        if not is_call(softmax, aten._softmax.default):
            return None
        source = self._dq_input(softmax.args[0])
        rank = len(self._shape(softmax))
        if source is None or softmax.args[1] not in (-1, rank - 1) or (out.scale, out.zero_point) != (1 / 256, -128):
            return None
        x, in_qp = source
        mult, shift, diff_min = softmax_parameters(in_qp.scale)
        args = [self._layout(x, False, q), -1, in_qp.zero_point, out.zero_point, mult, shift, diff_min]
        return self._call(cortex_m.softmax.default, args, q)

