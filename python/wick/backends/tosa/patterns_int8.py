"""int8 patterns: each ``quantize(op(dequantize(x), ...))`` that TOSA PRO-INT can compute
becomes a Unit whose `emit` writes the TOSA operators (tosa.md sections 5-8, and the
ExecuTorch idioms of arm-backends.md): convolutions accumulate in int32 and RESCALE per
channel; add/sub RESCALE both inputs to a common int32 scale; unary functions become a
256-entry TABLE; pools, pad, concat and reshapes work on the int8 values directly.
"""

from __future__ import annotations

import operator
from typing import List, Optional

import numpy as np
import torch
from torch.fx import Node

from wick.passes.lower_cortex_m_base import activation_bounds
from wick.passes.lower_cortex_m_data import LUT_OPS
from wick.quantization.convert import QPARAMS_KEY, constant_tensor
from wick.quantization.observers import INT8_MAX, INT8_MIN, QParams
from wick.quantization.ops import dequantize_per_channel, dequantize_per_tensor, quantize_per_tensor
from wick.quantization.prepare import FUSED_ACTIVATIONS

from . import schema as S
from .emitter import TosaEmitter
from .schema import DType, Op
from .units import Unit, conv_geometry, is_call, nchw_axis_to_nhwc, pool_geometry, shape_of

aten = torch.ops.aten
I8, I32 = DType.INT8, DType.INT32
_RESHAPES = {aten.view.default, aten._unsafe_view.default, aten.reshape.default, aten.squeeze.dim,
             aten.squeeze.default, aten.unsqueeze.default, aten.flatten.using_ints}
_TRANSPOSES = {aten.permute.default, aten.t.default, aten.transpose.int}


def qparams_of(node: Node) -> QParams:
    return node.meta.get(QPARAMS_KEY) or QParams(node.args[1], node.args[2])


def dq_source(node) -> Optional[tuple]:
    """(int8 node, QParams) when `node` is a per-tensor dequantize."""
    if not is_call(node, dequantize_per_tensor):
        return None
    return node.args[0], qparams_of(node)


def grouped_conv2d(e: TosaEmitter, x: str, weight_ohwi: np.ndarray, bias: np.ndarray, zps: List[str], groups: int,
                   pad, stride, dilation, out_shape: List[int]) -> str:
    """CONV2D per group on channel SLICEs, CONCATenated (TOSA has no grouped convolution)."""
    acc_type = DType.INT32 if e.dtype(x) == I8 else DType.FP32
    attr = S.Conv2dAttribute(pad=list(pad), stride=list(stride), dilation=list(dilation), acc_type=acc_type)
    if groups == 1:
        return e.op(Op.CONV2D, [x, e.const(weight_ohwi, e.dtype(x)), e.const(bias, acc_type), *zps], out_shape, acc_type,
                    attr, nhwc=True)
    n, h, w, c_in = e.shape(x)
    c_out = weight_ohwi.shape[0]
    gi, go = c_in // groups, c_out // groups
    parts = []
    for g in range(groups):
        xs = e.op(Op.SLICE, [x, e.g.add_const_shape([0, 0, 0, g * gi]), e.g.add_const_shape([n, h, w, gi])],
                  [n, h, w, gi], e.dtype(x), nhwc=True)
        parts.append(e.op(Op.CONV2D, [xs, e.const(weight_ohwi[g * go:(g + 1) * go], e.dtype(x)),
                                      e.const(bias[g * go:(g + 1) * go], acc_type), *zps],
                          out_shape[:3] + [go], acc_type, attr, nhwc=True))
    return e.op(Op.CONCAT, parts, out_shape, acc_type, S.ATTRIBUTE_OF[Op.CONCAT](axis=3), nhwc=True)


class Int8Patterns:
    def __init__(self, graph_module):
        self.graph_module = graph_module

    def unit_for(self, q: Node) -> Optional[Unit]:
        if not is_call(q, quantize_per_tensor):
            return None
        out = qparams_of(q)
        for pattern in (self._conv, self._linear, self._add_sub, self._mul, self._max_pool, self._avg_pool,
                        self._mean, self._pad, self._cat, self._reshape, self._transpose, self._clone, self._table):
            unit = pattern(q, out)
            if unit is not None and all(len(n.users) == 1 for n in unit.nodes if n is not q):
                return unit
        return None

    # ---- helpers -----------------------------------------------------------------
    def _weights(self, node):
        if not is_call(node, dequantize_per_channel):
            return None
        return constant_tensor(self.graph_module, node.args[0]), constant_tensor(self.graph_module, node.args[1])

    @staticmethod
    def _act_range(q: Node, out: QParams):
        """(producer of the float value, fused activation node or None, int8 lo, int8 hi)."""
        value = q.args[0]
        lo_q, hi_q, act = INT8_MIN, INT8_MAX, None
        if isinstance(value, Node) and value.op == "call_function" and value.target in FUSED_ACTIVATIONS:
            lo, hi = activation_bounds(value)
            if lo is not None:
                lo_q = max(lo_q, out.quantize(lo))
            if hi is not None:
                hi_q = min(hi_q, out.quantize(hi))
            act, value = value, value.args[0]
        return value, act, lo_q, hi_q

    @staticmethod
    def _finish(e: TosaEmitter, name: str, lo: int, hi: int) -> str:
        return e.clamp(name, lo, hi) if (lo, hi) != (INT8_MIN, INT8_MAX) else name

    @staticmethod
    def _nodes(*nodes) -> List[Node]:
        return [n for n in nodes if n is not None]

    # ---- compute -----------------------------------------------------------------
    def _conv(self, q: Node, out: QParams) -> Optional[Unit]:
        conv, act, lo, hi = self._act_range(q, out)
        if not is_call(conv, aten.convolution.default) or conv.args[6]:
            return None
        x_dq, w_dq, b_dq, stride, padding, dilation, _, _, groups = conv.args
        source, weights = dq_source(x_dq), self._weights(w_dq)
        bias = None if b_dq is None else self._weights(b_dq)
        if source is None or weights is None or (b_dq is not None and bias is None) or len(stride) != 2:
            return None
        x, in_qp = source
        w_q, w_scales = weights
        n, c_in, ih, iw = shape_of(x_dq)
        c_out, _, kh, kw = w_q.shape
        _, _, oh, ow = shape_of(conv)
        depthwise = groups == c_in and groups > 1 and c_out % c_in == 0
        if c_in % groups or c_out % groups:
            return None
        geometry = conv_geometry((ih, iw), (kh, kw), stride, padding, dilation, (oh, ow))
        if geometry is None:
            return None
        pad, crop = geometry
        scales = (in_qp.scale * w_scales.to(torch.float64) / out.scale).numpy()
        bias_q = np.zeros(c_out, np.int32) if bias is None else bias[0].numpy().astype(np.int32)
        if depthwise:
            m = c_out // c_in
            weight = w_q.reshape(c_in, m, kh, kw).permute(2, 3, 0, 1).contiguous().numpy()  # HWCM
        else:
            weight = w_q.permute(0, 2, 3, 1).contiguous().numpy()  # OHWI

        def emit(e: TosaEmitter, names: List[str]) -> str:
            xi = crop(e, e.layout(names[0], True))
            zps = [e.zero_point(in_qp.zero_point, I8), e.zero_point(0, I8)]
            if depthwise:
                attr = S.DepthwiseConv2dAttribute(pad=pad, stride=list(stride), dilation=list(dilation), acc_type=I32)
                acc = e.op(Op.DEPTHWISE_CONV2D, [xi, e.const(weight, I8), e.const(bias_q, I32), *zps],
                           [n, oh, ow, c_out], I32, attr, nhwc=True)
            else:
                acc = grouped_conv2d(e, xi, weight, bias_q, zps, groups, pad, stride, dilation, [n, oh, ow, c_out])
            return self._finish(e, e.rescale(acc, I8, scales, 0, out.zero_point), lo, hi)

        kind = "depthwise_conv2d" if depthwise else "conv2d" if groups == 1 else "grouped_conv2d"
        return Unit(q, self._nodes(conv, act, q), [x], emit, kind)

    def _linear(self, q: Node, out: QParams) -> Optional[Unit]:
        mm, act, lo, hi = self._act_range(q, out)
        if is_call(mm, aten.addmm.default) and not mm.kwargs:
            b_dq, x_dq, w_dq = mm.args
        elif is_call(mm, aten.mm.default):
            (x_dq, w_dq), b_dq = mm.args, None
        else:
            return None
        source, weights = dq_source(x_dq), self._weights(w_dq)
        bias = None if b_dq is None else self._weights(b_dq)
        if source is None or weights is None or (b_dq is not None and bias is None) or len(shape_of(x_dq)) != 2:
            return None
        x, in_qp = source
        w_q, w_scales = weights  # [in, out], scales per output column
        n, k = shape_of(x_dq)
        c_out = w_q.shape[1]
        scales = (in_qp.scale * w_scales.to(torch.float64) / out.scale).numpy()
        bias_q = np.zeros(c_out, np.int32) if bias is None else bias[0].numpy().astype(np.int32)
        weight = w_q.t().contiguous().reshape(c_out, 1, 1, k).numpy()

        def emit(e: TosaEmitter, names: List[str]) -> str:
            x4 = e.reshape(names[0], [n, 1, 1, k])
            e.nhwc[x4] = True
            attr = S.Conv2dAttribute(pad=[0, 0, 0, 0], stride=[1, 1], dilation=[1, 1], acc_type=I32)
            acc = e.op(Op.CONV2D, [x4, e.const(weight, I8), e.const(bias_q, I32), e.zero_point(in_qp.zero_point, I8),
                                   e.zero_point(0, I8)], [n, 1, 1, c_out], I32, attr, nhwc=True)
            r = e.rescale(acc, I8, scales, 0, out.zero_point)
            return self._finish(e, e.reshape(r, [n, c_out]), lo, hi)

        return Unit(q, self._nodes(mm, act, q), [x], emit, "linear")

    def _add_sub(self, q: Node, out: QParams) -> Optional[Unit]:
        node, act, lo, hi = self._act_range(q, out)
        if not (is_call(node, aten.add.Tensor) or is_call(node, aten.sub.Tensor)):
            return None
        if node.kwargs.get("alpha", 1) != 1 or len(node.args) != 2:
            return None
        a, b = dq_source(node.args[0]), dq_source(node.args[1])
        if a is None or b is None or len(shape_of(node.args[0])) != len(shape_of(node.args[1])):
            return None
        shift = 1 << 20  # both inputs aligned to 2 * max(scale) with 20 fractional bits
        max2 = 2.0 * max(a[1].scale, b[1].scale)
        op = Op.ADD if node.target is aten.add.Tensor else Op.SUB
        rank = len(shape_of(node))

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            xa, xb = e.layout(names[0], nhwc), e.layout(names[1], nhwc)
            a32 = e.rescale(xa, I32, a[1].scale / max2 * shift, a[1].zero_point, 0)
            b32 = e.rescale(xb, I32, b[1].scale / max2 * shift, b[1].zero_point, 0)
            shape = [max(p, r) for p, r in zip(e.shape(a32), e.shape(b32))]
            s = e.op(op, [a32, b32], shape, I32, nhwc=nhwc)
            return self._finish(e, e.rescale(s, I8, max2 / (out.scale * shift), 0, out.zero_point), lo, hi)

        return Unit(q, self._nodes(node, act, q), [a[0], b[0]], emit, "add" if op == Op.ADD else "sub")

    def _mul(self, q: Node, out: QParams) -> Optional[Unit]:
        node, act, lo, hi = self._act_range(q, out)
        if not is_call(node, aten.mul.Tensor) or len(node.args) != 2:
            return None
        a, b = dq_source(node.args[0]), dq_source(node.args[1])
        if a is None or b is None or len(shape_of(node.args[0])) != len(shape_of(node.args[1])):
            return None
        rank = len(shape_of(node))

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            a32 = e.rescale(e.layout(names[0], nhwc), I32, 1.0, a[1].zero_point, 0)
            b32 = e.rescale(e.layout(names[1], nhwc), I32, 1.0, b[1].zero_point, 0)
            shape = [max(p, r) for p, r in zip(e.shape(a32), e.shape(b32))]
            p = e.op(Op.MUL, [a32, b32, e.zero_point(0, I8)], shape, I32, nhwc=nhwc)
            return self._finish(e, e.rescale(p, I8, a[1].scale * b[1].scale / out.scale, 0, out.zero_point), lo, hi)

        return Unit(q, self._nodes(node, act, q), [a[0], b[0]], emit, "mul")

    # ---- pooling -----------------------------------------------------------------
    def _max_pool(self, q: Node, out: QParams) -> Optional[Unit]:
        item = q.args[0]
        if not (is_call(item, operator.getitem) and item.args[1] == 0
                and is_call(item.args[0], aten.max_pool2d_with_indices.default)):
            return None
        pool = item.args[0]
        source = dq_source(pool.args[0])
        if source is None or source[1] != out or len(pool.users) != 1:
            return None
        args = list(pool.args) + [None] * (6 - len(pool.args))
        kernel = list(args[1])
        stride = list(args[2]) if args[2] else kernel
        padding = list(args[3]) if args[3] else [0, 0]
        if args[4] and list(args[4]) != [1, 1]:
            return None
        n, c, ih, iw = shape_of(pool.args[0])
        _, _, oh, ow = shape_of(item)
        geometry = pool_geometry((ih, iw), kernel, stride, padding, (oh, ow))
        if geometry is None:
            return None
        pad, crop = geometry

        def emit(e: TosaEmitter, names: List[str]) -> str:
            attr = S.MaxPool2dAttribute(kernel=kernel, stride=stride, pad=pad, nan_mode=S.NanPropagationMode.PROPAGATE)
            return e.op(Op.MAX_POOL2D, [crop(e, e.layout(names[0], True))], [n, oh, ow, c], I8, attr, nhwc=True)

        return Unit(q, [pool, item, q], [source[0]], emit, "max_pool2d")

    def _avg_pool(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not is_call(node, aten.avg_pool2d.default):
            return None
        source = dq_source(node.args[0])
        params = list(node.args) + [None, None, [], [0, 0], False, True, None][len(node.args):]
        _, kernel, stride, padding, ceil_mode, include_pad, divisor = params
        if source is None or divisor is not None:
            return None
        kernel = list(kernel)
        stride = list(stride) if stride else kernel
        padding = list(padding) if len(padding) == 2 else list(padding) * 2
        n, c, ih, iw = shape_of(node.args[0])
        _, _, oh, ow = shape_of(node)
        explicit_pad = bool(include_pad and any(padding))
        geometry = pool_geometry((ih + 2 * padding[0], iw + 2 * padding[1]) if explicit_pad else (ih, iw), kernel, stride,
                                 [0, 0] if explicit_pad else padding, (oh, ow))
        if geometry is None:
            return None
        pad, crop = geometry
        in_qp = source[1]

        def emit(e: TosaEmitter, names: List[str]) -> str:
            x = e.layout(names[0], True)
            if explicit_pad:  # count_include_pad: padding counts, as zero-point values
                ph, pw = padding
                x = e.op(Op.PAD, [x, e.g.add_const_shape([0, 0, ph, ph, pw, pw, 0, 0]), e.zero_point(in_qp.zero_point, I8)],
                         [n, ih + 2 * ph, iw + 2 * pw, c], I8, nhwc=True)
            return self._avg(e, crop(e, x), kernel, stride, pad, [n, oh, ow, c], in_qp, out)

        return Unit(q, [node, q], [source[0]], emit, "avg_pool2d")

    def _avg(self, e: TosaEmitter, x: str, kernel, stride, pad, shape, in_qp: QParams, out: QParams) -> str:
        """AVG_POOL2D in the input's parameters, then a RESCALE when the output's differ."""
        attr = S.AvgPool2dAttribute(kernel=list(kernel), stride=list(stride), pad=list(pad), acc_type=I32)
        same = in_qp == out
        zp = e.zero_point(in_qp.zero_point, I8)
        pooled = e.op(Op.AVG_POOL2D, [x, zp, zp], shape, I8, attr, nhwc=True)
        return pooled if same else e.rescale(pooled, I8, in_qp.scale / out.scale, in_qp.zero_point, out.zero_point)

    def _mean(self, q: Node, out: QParams) -> Optional[Unit]:
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
        source = dq_source(node.args[0])
        if source is None or len(shape_of(node.args[0])) != 4:
            return None
        n, c, h, w = shape_of(node.args[0])

        def emit(e: TosaEmitter, names: List[str]) -> str:
            pooled = self._avg(e, e.layout(names[0], True), [h, w], [h, w], [0, 0, 0, 0], [n, 1, 1, c], source[1], out)
            return pooled if keepdim else e.reshape(pooled, [n, c])

        return Unit(q, [node, q], [source[0]], emit, "mean")

    # ---- data movement -----------------------------------------------------------
    def _pad(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not is_call(node, aten.constant_pad_nd.default):
            return None
        source = dq_source(node.args[0])
        shape = shape_of(node.args[0])
        widths = list(node.args[1])
        value = node.args[2] if len(node.args) > 2 else 0.0
        if source is None or source[1] != out or len(widths) > 2 * len(shape) or min(widths) < 0:
            return None
        rank = len(shape)
        pairs = [[0, 0] for _ in range(rank)]
        for i in range(len(widths) // 2):  # widths list the last dimension first
            pairs[rank - 1 - i] = [widths[2 * i], widths[2 * i + 1]]
        out_shape = shape_of(node)

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            x = e.layout(names[0], nhwc)
            order = [0, 2, 3, 1] if nhwc else list(range(rank))
            flat = [w for d in order for w in pairs[d]]
            tosa_shape = [out_shape[d] for d in order]
            return e.op(Op.PAD, [x, e.g.add_const_shape(flat), e.zero_point(out.quantize(value), I8)], tosa_shape, I8, nhwc=nhwc)

        return Unit(q, [node, q], [source[0]], emit, "pad")

    def _cat(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not is_call(node, aten.cat.default):
            return None
        sources = [dq_source(i) for i in node.args[0]]
        if any(s is None or s[1] != out for s in sources):
            return None
        out_shape = shape_of(node)
        rank = len(out_shape)
        axis = (node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)) % rank

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            xs = [e.layout(name, nhwc) for name in names]
            tosa_axis = nchw_axis_to_nhwc(axis) if nhwc else axis
            shape = [out_shape[d] for d in ([0, 2, 3, 1] if nhwc else range(rank))]
            return e.op(Op.CONCAT, xs, shape, I8, S.ATTRIBUTE_OF[Op.CONCAT](axis=tosa_axis), nhwc=nhwc)

        return Unit(q, [node, q], [s[0] for s in sources], emit, "cat")

    def _reshape(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not isinstance(node, Node) or node.op != "call_function" or node.target not in _RESHAPES:
            return None
        source = dq_source(node.args[0])
        if source is None or source[1] != out:
            return None
        shape = shape_of(node)

        def emit(e: TosaEmitter, names: List[str]) -> str:
            return e.reshape(e.layout(names[0], False), shape)

        return Unit(q, [node, q], [source[0]], emit, "reshape")

    def _transpose(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not isinstance(node, Node) or node.op != "call_function" or node.target not in _TRANSPOSES:
            return None
        source = dq_source(node.args[0])
        if source is None or source[1] != out:
            return None
        rank = len(shape_of(node.args[0]))
        if node.target is aten.permute.default:
            perms = [d % rank for d in node.args[1]]
        else:
            a, b = (0, 1) if node.target is aten.t.default else (node.args[1] % rank, node.args[2] % rank)
            perms = list(range(rank))
            perms[a], perms[b] = perms[b], perms[a]
        shape = shape_of(node)

        def emit(e: TosaEmitter, names: List[str]) -> str:
            return e.op(Op.TRANSPOSE, [e.layout(names[0], False)], shape, I8, S.TransposeAttribute(perms=perms))

        return Unit(q, [node, q], [source[0]], emit, "transpose")

    def _clone(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not is_call(node, aten.clone.default):
            return None
        source = dq_source(node.args[0])
        if source is None or source[1] != out:
            return None
        return Unit(q, [node, q], [source[0]], lambda e, names: names[0], "clone")

    def _table(self, q: Node, out: QParams) -> Optional[Unit]:
        node = q.args[0]
        if not isinstance(node, Node) or node.op != "call_function" or node.target not in LUT_OPS:
            return None
        source = dq_source(node.args[0])
        if source is None or any(isinstance(a, Node) for a in list(node.args[1:]) + list(node.kwargs.values())):
            return None
        x, in_qp = source
        codes = torch.arange(INT8_MIN, INT8_MAX + 1, dtype=torch.float32)
        values = node.target((codes - in_qp.zero_point) * in_qp.scale, *node.args[1:], **node.kwargs)
        codes = torch.nan_to_num(torch.round(values.to(torch.float64) / out.scale) + out.zero_point, nan=0.0)
        table = torch.clamp(codes, INT8_MIN, INT8_MAX).to(torch.int8).numpy()

        def emit(e: TosaEmitter, names: List[str]) -> str:
            return e.op(Op.TABLE, [names[0], e.const(table, I8)], e.shape(names[0]), I8, nhwc=e.nhwc.get(names[0], False))

        return Unit(q, [node, q], [x], emit, f"table({node.target.__name__ if hasattr(node.target, '__name__') else node.target})")
