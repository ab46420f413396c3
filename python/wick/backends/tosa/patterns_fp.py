"""Float (PRO-FP) patterns: fp32 aten operators map to TOSA fp32 operators one to one,
softmax to its REDUCE_MAX / SUB / EXP / REDUCE_SUM / RECIPROCAL / MUL decomposition."""

from __future__ import annotations

import operator
from typing import List, Optional

import numpy as np
import torch
from torch.fx import Node

from wick.quantization.convert import constant_tensor

from . import schema as S
from .emitter import TosaEmitter
from .patterns_int8 import _RESHAPES, _TRANSPOSES, grouped_conv2d
from .schema import DType, Op
from .units import Unit, conv_geometry, is_call, nchw_axis_to_nhwc, pool_geometry, shape_of

aten = torch.ops.aten
F32 = DType.FP32
FLOAT_MAX = float(np.finfo(np.float32).max)
_UNARY = {aten.sigmoid.default: Op.SIGMOID, aten.tanh.default: Op.TANH, aten.exp.default: Op.EXP,
          aten.log.default: Op.LOG, aten.abs.default: Op.ABS, aten.rsqrt.default: Op.RSQRT,
          aten.reciprocal.default: Op.RECIPROCAL, aten.floor.default: Op.FLOOR, aten.ceil.default: Op.CEIL,
          aten.erf.default: Op.ERF, aten.sin.default: Op.SIN, aten.cos.default: Op.COS}
_BINARY = {aten.add.Tensor: Op.ADD, aten.sub.Tensor: Op.SUB, aten.mul.Tensor: Op.MUL}


def _is_float(node) -> bool:
    meta = node.meta.get("tensor_meta") if isinstance(node, Node) else None
    return meta is not None and getattr(meta, "dtype", None) == torch.float32


class FloatPatterns:
    def __init__(self, graph_module):
        self.graph_module = graph_module

    def _constant(self, node) -> Optional[torch.Tensor]:
        if not isinstance(node, Node):
            return None
        if node.op == "get_attr" or (node.op == "call_function" and node.all_input_nodes
                                     and all(self._constant(a) is not None for a in node.all_input_nodes)):
            return constant_tensor(self.graph_module, node)
        return None

    def unit_for(self, node: Node) -> Optional[Unit]:
        if node.op != "call_function" or not _is_float(node) or self._constant(node) is not None:
            return None
        for pattern in (self._conv, self._linear, self._binary, self._clamp, self._unary, self._max_pool,
                        self._avg_pool, self._mean, self._pad, self._cat, self._reshape, self._transpose,
                        self._softmax, self._clone):
            unit = pattern(node)
            if unit is not None:
                return unit
        return None

    def _unit(self, node: Node, inputs: List[Node], emit, kind: str, nodes=None) -> Optional[Unit]:
        if not all(_is_float(i) for i in inputs):
            return None
        return Unit(node, nodes or [node], inputs, emit, kind)

    # ---- compute -----------------------------------------------------------------
    def _conv(self, node: Node) -> Optional[Unit]:
        if not is_call(node, aten.convolution.default) or node.args[6]:
            return None
        x, w_node, b_node, stride, padding, dilation, _, _, groups = node.args
        weight = self._constant(w_node)
        bias = None if b_node is None else self._constant(b_node)
        if weight is None or (b_node is not None and bias is None) or len(stride) != 2:
            return None
        n, c_in, ih, iw = shape_of(x)
        c_out, _, kh, kw = weight.shape
        _, _, oh, ow = shape_of(node)
        geometry = conv_geometry((ih, iw), (kh, kw), stride, padding, dilation, (oh, ow))
        if geometry is None or c_in % groups or c_out % groups:
            return None
        pad, crop = geometry
        depthwise = groups == c_in and groups > 1
        w = weight.detach().to(torch.float32)
        b = np.zeros(c_out, np.float32) if bias is None else bias.detach().to(torch.float32).numpy()

        def emit(e: TosaEmitter, names: List[str]) -> str:
            xi = crop(e, e.layout(names[0], True))
            zps = [e.zero_point(0.0, F32), e.zero_point(0.0, F32)]
            if depthwise:
                m = c_out // c_in
                hwcm = w.reshape(c_in, m, kh, kw).permute(2, 3, 0, 1).contiguous().numpy()
                attr = S.DepthwiseConv2dAttribute(pad=pad, stride=list(stride), dilation=list(dilation), acc_type=F32)
                return e.op(Op.DEPTHWISE_CONV2D, [xi, e.const(hwcm, F32), e.const(b, F32), *zps], [n, oh, ow, c_out], F32,
                            attr, nhwc=True)
            ohwi = w.permute(0, 2, 3, 1).contiguous().numpy()
            return grouped_conv2d(e, xi, ohwi, b, zps, groups, pad, stride, dilation, [n, oh, ow, c_out])

        return self._unit(node, [x], emit, "conv2d")

    def _linear(self, node: Node) -> Optional[Unit]:
        if is_call(node, aten.addmm.default) and not node.kwargs:
            b_node, x, w_node = node.args
        elif is_call(node, aten.mm.default):
            (x, w_node), b_node = node.args, None
        else:
            return None
        weight = self._constant(w_node)  # [in, out]
        bias = None if b_node is None else self._constant(b_node)
        if weight is None or (b_node is not None and bias is None) or len(shape_of(x)) != 2:
            return None
        n, k = shape_of(x)
        c_out = weight.shape[1]
        ohwi = weight.detach().to(torch.float32).t().contiguous().reshape(c_out, 1, 1, k).numpy()
        b = np.zeros(c_out, np.float32) if bias is None else np.broadcast_to(bias.detach().to(torch.float32).numpy(), (c_out,))

        def emit(e: TosaEmitter, names: List[str]) -> str:
            x4 = e.reshape(names[0], [n, 1, 1, k])
            e.nhwc[x4] = True
            zps = [e.zero_point(0.0, F32), e.zero_point(0.0, F32)]
            attr = S.Conv2dAttribute(pad=[0, 0, 0, 0], stride=[1, 1], dilation=[1, 1], acc_type=F32)
            y = e.op(Op.CONV2D, [x4, e.const(ohwi, F32), e.const(np.ascontiguousarray(b), F32), *zps], [n, 1, 1, c_out], F32,
                     attr, nhwc=True)
            return e.reshape(y, [n, c_out])

        return self._unit(node, [x], emit, "linear")

    def _binary(self, node: Node) -> Optional[Unit]:
        op = _BINARY.get(node.target) if node.op == "call_function" else None
        if op is None or len(node.args) != 2 or node.kwargs.get("alpha", 1) != 1:
            return None
        a, b = node.args
        rank = len(shape_of(node))
        operands = [v for v in (a, b) if isinstance(v, Node) and self._constant(v) is None]
        constants = {i: (self._constant(v) if isinstance(v, Node) else torch.tensor(float(v)))
                     for i, v in enumerate((a, b)) if v not in operands}
        if any(c is None for c in constants.values()) or not operands:
            return None
        if any(len(shape_of(v)) != rank for v in operands):
            return None

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            values, cursor = [], 0
            for i in range(2):
                if i in constants:
                    c = constants[i].detach().to(torch.float32).reshape([1] * (rank - constants[i].dim()) + list(constants[i].shape))
                    if nhwc:
                        c = c.permute(0, 2, 3, 1)
                    values.append(e.const(c.contiguous().numpy(), F32))
                else:
                    values.append(e.layout(names[cursor], nhwc))
                    cursor += 1
            shape = [max(p, q) for p, q in zip(e.shape(values[0]), e.shape(values[1]))]
            extra = [e.zero_point(0, DType.INT8)] if op == Op.MUL else []
            return e.op(op, values + extra, shape, F32, nhwc=nhwc)

        return self._unit(node, operands, emit, op.name.lower())

    def _clamp(self, node: Node) -> Optional[Unit]:
        if node.target is aten.relu.default:
            lo, hi = 0.0, FLOAT_MAX
        elif node.target in (aten.hardtanh.default, aten.clamp.default):
            from wick.passes.lower_cortex_m_base import activation_bounds
            lo, hi = activation_bounds(node)
            lo = -FLOAT_MAX if lo is None else float(lo)
            hi = FLOAT_MAX if hi is None else float(hi)
        else:
            return None
        return self._unit(node, [node.args[0]], lambda e, names: e.clamp(names[0], lo, hi), "clamp")

    def _unary(self, node: Node) -> Optional[Unit]:
        op = _UNARY.get(node.target)
        if op is None and node.target is aten.neg.default:
            op = Op.NEGATE
        if op is None:
            return None

        def emit(e: TosaEmitter, names: List[str]) -> str:
            extra = [e.zero_point(0.0, F32), e.zero_point(0.0, F32)] if op == Op.NEGATE else []
            return e.op(op, [names[0]] + extra, e.shape(names[0]), F32, nhwc=e.nhwc.get(names[0], False))

        return self._unit(node, [node.args[0]], emit, op.name.lower())

    # ---- pooling -----------------------------------------------------------------
    def _max_pool(self, node: Node) -> Optional[Unit]:
        if not (is_call(node, operator.getitem) and node.args[1] == 0
                and is_call(node.args[0], aten.max_pool2d_with_indices.default)):
            return None
        pool = node.args[0]
        if len(pool.users) != 1:
            return None
        args = list(pool.args) + [None] * (6 - len(pool.args))
        kernel = list(args[1])
        stride = list(args[2]) if args[2] else kernel
        padding = list(args[3]) if args[3] else [0, 0]
        if args[4] and list(args[4]) != [1, 1]:
            return None
        n, c, ih, iw = shape_of(pool.args[0])
        _, _, oh, ow = shape_of(node)
        geometry = pool_geometry((ih, iw), kernel, stride, padding, (oh, ow))
        if geometry is None:
            return None
        pad, crop = geometry

        def emit(e: TosaEmitter, names: List[str]) -> str:
            attr = S.MaxPool2dAttribute(kernel=kernel, stride=stride, pad=pad, nan_mode=S.NanPropagationMode.PROPAGATE)
            return e.op(Op.MAX_POOL2D, [crop(e, e.layout(names[0], True))], [n, oh, ow, c], F32, attr, nhwc=True)

        return self._unit(node, [pool.args[0]], emit, "max_pool2d", nodes=[pool, node])

    def _avg_pool(self, node: Node) -> Optional[Unit]:
        if not is_call(node, aten.avg_pool2d.default):
            return None
        params = list(node.args) + [None, None, [], [0, 0], False, True, None][len(node.args):]
        x, kernel, stride, padding, _, include_pad, divisor = params
        if divisor is not None:
            return None
        kernel = list(kernel)
        stride = list(stride) if stride else kernel
        padding = list(padding) if len(padding) == 2 else list(padding) * 2
        n, c, ih, iw = shape_of(x)
        _, _, oh, ow = shape_of(node)
        explicit = bool(include_pad and any(padding))
        in_hw = (ih + 2 * padding[0], iw + 2 * padding[1]) if explicit else (ih, iw)
        geometry = pool_geometry(in_hw, kernel, stride, [0, 0] if explicit else padding, (oh, ow))
        if geometry is None:
            return None
        pad, crop = geometry

        def emit(e: TosaEmitter, names: List[str]) -> str:
            xi = e.layout(names[0], True)
            if explicit:
                ph, pw = padding
                xi = e.op(Op.PAD, [xi, e.g.add_const_shape([0, 0, ph, ph, pw, pw, 0, 0]), e.zero_point(0.0, F32)],
                          [n, ih + 2 * ph, iw + 2 * pw, c], F32, nhwc=True)
            return _avg(e, crop(e, xi), kernel, stride, pad, [n, oh, ow, c])

        return self._unit(node, [x], emit, "avg_pool2d")

    def _mean(self, node: Node) -> Optional[Unit]:
        if is_call(node, aten.mean.dim):
            x = node.args[0]
            rank = len(shape_of(x))
            dims = sorted({d % rank for d in node.args[1]})
            keepdim = node.args[2] if len(node.args) > 2 else node.kwargs.get("keepdim", False)
            if node.kwargs.get("dtype") is not None:
                return None
        elif is_call(node, aten._adaptive_avg_pool2d.default) and list(node.args[1]) == [1, 1]:
            x, dims, keepdim, rank = node.args[0], [2, 3], True, 4
        else:
            return None
        in_shape = shape_of(x)
        out_shape = shape_of(node)

        def emit(e: TosaEmitter, names: List[str]) -> str:
            if rank == 4 and dims == [2, 3]:
                n, c, h, w = in_shape
                y = _avg(e, e.layout(names[0], True), [h, w], [h, w], [0, 0, 0, 0], [n, 1, 1, c])
                return y if keepdim else e.reshape(y, out_shape)
            y, shape, count = e.layout(names[0], False), list(in_shape), 1
            for d in dims:
                shape[d], count = 1, count * shape[d]
                y = e.op(Op.REDUCE_SUM, [y], list(shape), F32, S.ATTRIBUTE_OF[Op.REDUCE_SUM](axis=d))
            scale = e.const(np.full([1] * rank, 1.0 / count, np.float32), F32)
            y = e.op(Op.MUL, [y, scale, e.zero_point(0, DType.INT8)], shape, F32)
            return y if keepdim else e.reshape(y, out_shape)

        return self._unit(node, [x], emit, "mean")

    # ---- data movement -----------------------------------------------------------
    def _pad(self, node: Node) -> Optional[Unit]:
        if not is_call(node, aten.constant_pad_nd.default):
            return None
        x, widths = node.args[0], list(node.args[1])
        value = float(node.args[2]) if len(node.args) > 2 else 0.0
        rank = len(shape_of(x))
        if len(widths) > 2 * rank or min(widths) < 0:
            return None
        pairs = [[0, 0] for _ in range(rank)]
        for i in range(len(widths) // 2):
            pairs[rank - 1 - i] = [widths[2 * i], widths[2 * i + 1]]
        out_shape = shape_of(node)

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            order = [0, 2, 3, 1] if nhwc else list(range(rank))
            return e.op(Op.PAD, [e.layout(names[0], nhwc), e.g.add_const_shape([w for d in order for w in pairs[d]]),
                                 e.zero_point(value, F32)], [out_shape[d] for d in order], F32, nhwc=nhwc)

        return self._unit(node, [x], emit, "pad")

    def _cat(self, node: Node) -> Optional[Unit]:
        if not is_call(node, aten.cat.default):
            return None
        inputs = list(node.args[0])
        out_shape = shape_of(node)
        rank = len(out_shape)
        axis = (node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)) % rank
        if any(not isinstance(i, Node) or len(shape_of(i)) != rank for i in inputs):
            return None

        def emit(e: TosaEmitter, names: List[str]) -> str:
            nhwc = rank == 4
            xs = [e.layout(name, nhwc) for name in names]
            shape = [out_shape[d] for d in ([0, 2, 3, 1] if nhwc else range(rank))]
            attr = S.ATTRIBUTE_OF[Op.CONCAT](axis=nchw_axis_to_nhwc(axis) if nhwc else axis)
            return e.op(Op.CONCAT, xs, shape, F32, attr, nhwc=nhwc)

        return self._unit(node, inputs, emit, "cat")

    def _reshape(self, node: Node) -> Optional[Unit]:
        if node.target not in _RESHAPES:
            return None
        shape = shape_of(node)
        return self._unit(node, [node.args[0]], lambda e, names: e.reshape(e.layout(names[0], False), shape), "reshape")

    def _transpose(self, node: Node) -> Optional[Unit]:
        if node.target not in _TRANSPOSES:
            return None
        rank = len(shape_of(node.args[0]))
        if node.target is aten.permute.default:
            perms = [d % rank for d in node.args[1]]
        else:
            a, b = (0, 1) if node.target is aten.t.default else (node.args[1] % rank, node.args[2] % rank)
            perms = list(range(rank))
            perms[a], perms[b] = perms[b], perms[a]
        shape = shape_of(node)
        return self._unit(node, [node.args[0]], lambda e, names: e.op(
            Op.TRANSPOSE, [e.layout(names[0], False)], shape, F32, S.TransposeAttribute(perms=perms)), "transpose")

    def _clone(self, node: Node) -> Optional[Unit]:
        if node.target not in (aten.clone.default, aten.alias.default):
            return None
        return self._unit(node, [node.args[0]], lambda e, names: names[0], "clone")

    def _softmax(self, node: Node) -> Optional[Unit]:
        if not is_call(node, aten._softmax.default) or node.args[2]:
            return None
        shape = shape_of(node)
        axis = node.args[1] % len(shape)
        reduced = [1 if d == axis else s for d, s in enumerate(shape)]

        def emit(e: TosaEmitter, names: List[str]) -> str:
            x = e.layout(names[0], False)
            peak = e.op(Op.REDUCE_MAX, [x], reduced, F32, S.ATTRIBUTE_OF[Op.REDUCE_MAX](axis=axis, nan_mode=S.NanPropagationMode.PROPAGATE))
            z = e.op(Op.EXP, [e.op(Op.SUB, [x, peak], shape, F32)], shape, F32)
            total = e.op(Op.REDUCE_SUM, [z], reduced, F32, S.ATTRIBUTE_OF[Op.REDUCE_SUM](axis=axis))
            inverse = e.op(Op.RECIPROCAL, [total], reduced, F32)
            return e.op(Op.MUL, [z, inverse, e.zero_point(0, DType.INT8)], shape, F32)

        return self._unit(node, [node.args[0]], emit, "softmax")


def _avg(e: TosaEmitter, x: str, kernel, stride, pad, shape) -> str:
    attr = S.AvgPool2dAttribute(kernel=list(kernel), stride=list(stride), pad=list(pad), acc_type=F32)
    zp = e.zero_point(0.0, F32)
    return e.op(Op.AVG_POOL2D, [x, zp, zp], shape, F32, attr, nhwc=True)
