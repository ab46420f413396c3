"""Data-movement and table patterns of the cortex_m lowering: pooling, mean, pad, lookup
tables, and int8 copies (cat, split, reshapes) whose input and output share parameters."""

from __future__ import annotations

import operator
from typing import Optional

import torch
from torch.fx import Node

from wick.quantization.multiplier import quantize_multiplier
from wick.quantization.observers import INT8_MAX, INT8_MIN, QParams
from wick.quantization.ops import cortex_m
from wick.quantization.prepare import SHARED_QPARAMS

from .lower_cortex_m_base import aten, is_call

_RESHAPES = SHARED_QPARAMS - {aten.avg_pool2d.default, aten.constant_pad_nd.default, aten.mean.dim,
                               aten._adaptive_avg_pool2d.default}
# Elementwise functions of one tensor that become a 256-entry int8 table (quantized_activation).
LUT_OPS = {
    aten.sigmoid.default, aten.tanh.default, aten.hardswish.default, aten.hardsigmoid.default, aten.silu.default,
    aten.gelu.default, aten.elu.default, aten.leaky_relu.default, aten.exp.default, aten.relu.default,
    aten.hardtanh.default, aten.clamp.default, aten.abs.default, aten.neg.default, aten.erf.default,
    aten.softplus.default, aten.sqrt.default, aten.rsqrt.default, aten.reciprocal.default, aten.log.default,
    aten.pow.Tensor_Scalar,
    # with a number as the second operand (x + 3, x / 6, ...: hardswish as captured)
    aten.add.Tensor, aten.sub.Tensor, aten.mul.Tensor, aten.div.Tensor, aten.add.Scalar, aten.sub.Scalar,
    aten.mul.Scalar, aten.div.Scalar, aten.rsub.Scalar,
}




class DataPatterns:
    """Mixin for LowerToCortexMPass: each method returns the int8 replacement of ``q`` or None."""

    def _lower_pool(self, q: Node, out: QParams) -> Optional[Node]:
        value = q.args[0]
        if is_call(value, operator.getitem) and value.args[1] == 0 and is_call(value.args[0], aten.max_pool2d_with_indices.default):
            pool = value.args[0]
            source = self._dq_input(pool.args[0])
            if source is None or source[1] != out:
                return None
            kernel = list(pool.args[1])
            stride = list(pool.args[2]) if len(pool.args) > 2 and pool.args[2] else kernel
            padding = list(pool.args[3]) if len(pool.args) > 3 else [0, 0]
            dilation = list(pool.args[4]) if len(pool.args) > 4 else [1, 1]
            ceil_mode = bool(pool.args[5]) if len(pool.args) > 5 else False
            if dilation != [1, 1] or len(kernel) != 2:
                return None
            args = [self._layout(source[0], True, q), kernel, stride, padding, dilation, ceil_mode,
                    out.zero_point, out.zero_point, INT8_MIN, INT8_MAX]
            return self._call(cortex_m.quantized_max_pool2d.default, args, q, nhwc=True)
        if is_call(value, aten.avg_pool2d.default):
            source = self._dq_input(value.args[0])
            defaults = [None, None, [], [0, 0], False, True, None]
            params = list(value.args) + defaults[len(value.args):]
            _, kernel, stride, padding, ceil_mode, include_pad, divisor = params
            kernel = list(kernel)
            stride = list(stride) if stride else kernel
            padding = list(padding) if len(padding) == 2 else list(padding) * 2
            if source is None or source[1] != out or divisor is not None or (include_pad and any(padding)):
                return None
            channels = self._shape(value)[1]
            args = [self._layout(source[0], True, q), kernel, stride, padding, bool(ceil_mode), out.zero_point,
                    *quantize_multiplier(1.0)]
            return self._call(cortex_m.quantized_avg_pool2d.default, args, q, nhwc=True, scratch=4 * channels)
        return None

    def _lower_mean(self, q: Node, out: QParams) -> Optional[Node]:
        """mean over H and W, or adaptive average pooling to 1x1 -> one average-pool window."""
        node = q.args[0]
        if is_call(node, aten.mean.dim):
            dims = {d % 4 for d in node.args[1]}
            keepdim = node.args[2] if len(node.args) > 2 else node.kwargs.get("keepdim", False)
            if dims != {2, 3} or node.kwargs.get("dtype") is not None:
                return None
        elif is_call(node, aten._adaptive_avg_pool2d.default):
            if list(node.args[1]) != [1, 1]:
                return None
            keepdim = True
        else:
            return None
        source = self._dq_input(node.args[0])
        if source is None or source[1] != out or len(self._shape(node.args[0])) != 4:
            return None
        n, c, h, w = self._shape(node.args[0])
        args = [self._layout(source[0], True, q), [h, w], [h, w], [0, 0], False, out.zero_point,
                *quantize_multiplier(1.0)]
        pooled = self._call(cortex_m.quantized_avg_pool2d.default, args, q, nhwc=True, scratch=4 * c)
        if keepdim:
            return pooled
        pooled.meta["tensor_meta"] = node.args[0].meta["tensor_meta"]._replace(shape=torch.Size([n, c, 1, 1]))
        return self._call(aten.view.default, [pooled, [n, c]], q)

    def _lower_lut(self, q: Node, out: QParams) -> Optional[Node]:
        node = q.args[0]
        if not isinstance(node, Node) or node.op != "call_function" or node.target not in LUT_OPS:
            return None
        source = self._dq_input(node.args[0])
        if source is None or any(isinstance(a, Node) for a in list(node.args[1:]) + list(node.kwargs.values())):
            return None
        x, in_qp = source
        codes = torch.arange(INT8_MIN, INT8_MAX + 1, dtype=torch.float32)
        values = node.target((codes - in_qp.zero_point) * in_qp.scale, *node.args[1:], **node.kwargs)
        codes = torch.nan_to_num(torch.round(values.to(torch.float64) / out.scale) + out.zero_point, nan=0.0)
        table = torch.clamp(codes, INT8_MIN, INT8_MAX).to(torch.int8)
        lut = self._const(table, q, "cm_lut")
        return self._call(cortex_m.quantized_activation.default, [x, lut], q, nhwc=self._nhwc.get(x, False))

    def _lower_pad(self, q: Node, out: QParams) -> Optional[Node]:
        pad = q.args[0]
        if not is_call(pad, aten.constant_pad_nd.default):
            return None
        source = self._dq_input(pad.args[0])
        rank = len(self._shape(pad))
        widths = list(pad.args[1])
        value = pad.args[2] if len(pad.args) > 2 else 0.0
        if source is None or source[1] != out or rank > 4 or len(widths) > 2 * rank or min(widths) < 0:
            return None
        pre, post = [0] * 4, [0] * 4
        for i in range(len(widths) // 2):  # widths list the last dimension first
            pre[3 - i], post[3 - i] = widths[2 * i], widths[2 * i + 1]
        x = source[0]
        args = [x, pre, post, out.quantize(value)]
        return self._call(cortex_m.pad.default, args, q, nhwc=self._nhwc.get(x, False))

    def _lower_cat(self, q: Node, out: QParams) -> Optional[Node]:
        node = q.args[0]
        if not is_call(node, aten.cat.default):
            return None
        sources = [self._dq_input(i) for i in node.args[0]]
        if any(s is None or s[1] != out for s in sources):
            return None
        inputs = [self._layout(s[0], False, q) for s in sources]
        return self._call(aten.cat.default, [inputs, *node.args[1:]], q)

    def _lower_split(self, q: Node, out: QParams) -> Optional[Node]:
        item = q.args[0]
        if not is_call(item, operator.getitem):
            return None
        split = item.args[0]
        if not isinstance(split, Node) or split.target not in (aten.split.Tensor, aten.split_with_sizes.default):
            return None
        source = self._dq_input(split.args[0])
        if source is None or source[1] != out:
            return None
        if split not in self._int8_splits:
            x = self._layout(source[0], False, split)
            self._int8_splits[split] = self._call(split.target, [x, *split.args[1:]], split)
        return self._call(operator.getitem, [self._int8_splits[split], item.args[1]], q)

    def _lower_reshape(self, q: Node, out: QParams) -> Optional[Node]:
        node = q.args[0]
        if not isinstance(node, Node) or node.op != "call_function" or node.target not in _RESHAPES:
            return None
        source = self._dq_input(node.args[0])
        if source is None or source[1] != out:
            return None
        x = self._layout(source[0], False, q)
        with self.graph.inserting_before(q):
            new = self.graph.call_function(node.target, (x, *node.args[1:]), dict(node.kwargs))
        self._nhwc[new] = False
        return new

