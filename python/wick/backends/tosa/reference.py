"""A numpy interpreter of TOSA 1.0 graphs, written from the specification's pseudo-code
(tosa.md sections 4-8), independently of the C++ interpreter in backends/tosa.

Integer operators are computed in int64 (or Python ints) exactly as the pseudo-code
states, then narrowed; fp32 operators are computed in float64 and rounded to fp32, so
they serve as the accuracy reference for PRO-FP. The interpreter raises `TosaError` for
an ERROR_IF the graph violates.

    outputs = ReferenceInterpreter(graph).run([x])
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence

import numpy as np

from . import schema as S
from .schema import DType, Op
from .serializer import NUMPY_DTYPE, decode_payload

INT_RANGE = {DType.INT8: (-128, 127), DType.INT16: (-32768, 32767),
             DType.INT32: (-2**31, 2**31 - 1)}


class TosaError(ValueError):
    """An ERROR_IF of the specification failed."""


def error_if(condition, message: str) -> None:
    if condition:
        raise TosaError(message)


def wrap32(values) -> np.ndarray:
    """The low 32 bits, read as signed (what an int32 register holds)."""
    return np.asarray(values, np.int64).astype(np.uint64).astype(np.uint32).view(np.int32)


def apply_scale_32(value, multiplier, shift, double_round: bool) -> np.ndarray:
    value = np.asarray(value, np.int64)
    multiplier = np.asarray(multiplier, np.int64)
    shift = np.asarray(shift, np.int64)
    round_ = np.left_shift(np.int64(1), shift - 1)
    if double_round:
        round_ = round_ + np.where(shift > 31, np.where(value >= 0, 1 << 30, -(1 << 30)), 0)
    return wrap32(np.right_shift(value * multiplier + round_, shift))


def apply_scale_16(value, multiplier, shift) -> np.ndarray:
    value = np.asarray(value, np.int64)
    r = np.right_shift(value * np.asarray(multiplier, np.int64) + np.left_shift(np.int64(1), np.asarray(shift, np.int64) - 1),
                       np.asarray(shift, np.int64))
    return wrap32(r)


def reciprocal_scale(count: np.ndarray):
    count = np.asarray(count, np.int64)
    k = np.array([int(c - 1).bit_length() for c in count.ravel()], np.int64).reshape(count.shape)
    multiplier = (((1 << 30) + 1) << k) // count
    return multiplier, 30 + k


def _f32(x) -> np.ndarray:
    return np.asarray(x, np.float64).astype(np.float32)


class ReferenceInterpreter:
    def __init__(self, graph: S.TosaGraph):
        block = graph.regions[0].blocks[0]
        for b in graph.regions[0].blocks:
            if b.name == "main":
                block = b
        self.block = block
        self.tensors = {t.name: t for t in block.tensors}

    def run(self, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
        values: Dict[str, np.ndarray] = {}
        error_if(len(inputs) != len(self.block.inputs), "wrong number of graph inputs")
        for name, array in zip(self.block.inputs, inputs):
            t = self.tensors[name]
            array = np.asarray(array)
            error_if(list(array.shape) != list(t.shape), f"input {name} has shape {array.shape}, expected {t.shape}")
            values[name] = array.astype(NUMPY_DTYPE[DType(t.type)])
        for op in self.block.operators:
            if op.op in (Op.CONST, Op.CONST_SHAPE):
                t = self.tensors[op.outputs[0]]
                values[t.name] = decode_payload(t.data, DType(t.type), t.shape)
                continue
            fn = _OPS.get(Op(op.op))
            error_if(fn is None, f"operator {Op(op.op).name} has no reference implementation")
            ins = [values[n] for n in op.inputs]
            outs = [self.tensors[n] for n in op.outputs]
            result = fn(ins, op.attribute, outs[0])
            out_dtype = NUMPY_DTYPE[DType(outs[0].type)]
            result = np.asarray(result)
            error_if(list(result.shape) != list(outs[0].shape),
                     f"{Op(op.op).name}: result shape {list(result.shape)} != declared {list(outs[0].shape)}")
            values[outs[0].name] = result.astype(out_dtype)
        return [values[n] for n in self.block.outputs]


# ---- operators: fn(inputs, attribute, output TosaTensor) -> array ---------------------

def _scalar(array) -> int:
    return int(np.asarray(array).reshape(-1)[0])


def _rescale(ins, attr: S.RescaleAttribute, out):
    x, multiplier, shift, izp, ozp = ins
    in_t, out_t = _dtype_of(x), DType(out.type)
    error_if(not attr.scale32 and attr.rounding_mode == S.RoundingMode.DOUBLE_ROUND, "DOUBLE_ROUND needs scale32")
    error_if(attr.input_unsigned and attr.output_unsigned, "both sides unsigned")
    bits = {DType.INT8: 8, DType.INT16: 16, DType.INT32: 32}
    v = x.astype(np.int64)
    input_zp, output_zp = _scalar(izp), _scalar(ozp)
    if attr.input_unsigned:
        v = v & ((1 << bits[in_t]) - 1)
        input_zp &= (1 << bits[in_t]) - 1
    if attr.output_unsigned:
        output_zp &= (1 << bits[out_t]) - 1
    for t, unsigned, zp in ((in_t, attr.input_unsigned, input_zp), (out_t, attr.output_unsigned, output_zp)):
        error_if(zp != 0 and not (t == DType.INT8 or (t == DType.INT16 and unsigned and zp == 32768)),
                 f"zero point {zp} not allowed for {t.name}")
    v = v - input_zp
    m = multiplier.astype(np.int64).reshape(-1)
    s = shift.astype(np.int64).reshape(-1)
    if not attr.per_channel:
        m, s = m[:1], s[:1]
    error_if(np.any(s < 2) or np.any(s > 62) or np.any(m < 0), "shift/multiplier out of range")
    if attr.scale32:
        r = apply_scale_32(v, m, s, attr.rounding_mode == S.RoundingMode.DOUBLE_ROUND)
    else:
        r = apply_scale_16(v, m, s)
    r = r.astype(np.int64) + output_zp
    if attr.output_unsigned:
        lo, hi = 0, (1 << bits[out_t]) - 1
    else:
        lo, hi = INT_RANGE[out_t]
    r = np.clip(r, lo, hi)
    if attr.output_unsigned:
        r = np.where(r >= 1 << (bits[out_t] - 1), r - (1 << bits[out_t]), r)
    return r


def _dtype_of(array: np.ndarray) -> DType:
    return {np.dtype(np.int8): DType.INT8, np.dtype(np.int16): DType.INT16, np.dtype(np.int32): DType.INT32,
            np.dtype(np.float32): DType.FP32, np.dtype(np.bool_): DType.BOOL,
            np.dtype(np.int64): DType.INT48}[array.dtype]


def _conv_output_size(size, pad_a, pad_b, kernel, stride, dilation):
    span = size - 1 + pad_a + pad_b - (kernel - 1) * dilation
    error_if(span < 0 or span % stride != 0, "convolution output size is not exact")
    return span // stride + 1


def _conv_accumulate(x, izp, pad, stride, dilation, kh, kw, oh, ow, tap):
    """Sum over taps of tap(window, ky, kx); out-of-bounds taps read input_zp (contribute 0)."""
    is_float = x.dtype == np.float32
    xs = x.astype(np.float64 if is_float else np.int64) - (0 if is_float else izp)
    xp = np.pad(xs, ((0, 0), (pad[0], pad[1]), (pad[2], pad[3]), (0, 0)))
    acc = None
    for ky in range(kh):
        for kx in range(kw):
            y0, x0 = ky * dilation[0], kx * dilation[1]
            window = xp[:, y0:y0 + (oh - 1) * stride[0] + 1:stride[0], x0:x0 + (ow - 1) * stride[1] + 1:stride[1], :]
            term = tap(window, ky, kx)
            acc = term if acc is None else acc + term
    return acc


def _finish_acc(acc, bias, out):
    if DType(out.type) == DType.FP32:
        return _f32(acc + bias.astype(np.float64))
    return wrap32(acc + bias.astype(np.int64))


def _conv2d(ins, attr: S.Conv2dAttribute, out):
    x, w, bias, izp, wzp = ins
    izp, wzp = _scalar(izp), _scalar(wzp)
    error_if(x.dtype != np.int8 and (izp != 0 or wzp != 0), "zero points only for int8")
    oc, kh, kw, ic = w.shape
    error_if(x.shape[3] != ic, "input channels differ from the weight")
    oh = _conv_output_size(x.shape[1], attr.pad[0], attr.pad[1], kh, attr.stride[0], attr.dilation[0])
    ow = _conv_output_size(x.shape[2], attr.pad[2], attr.pad[3], kw, attr.stride[1], attr.dilation[1])
    ws = w.astype(np.float64 if w.dtype == np.float32 else np.int64) - (0 if w.dtype == np.float32 else wzp)
    acc = _conv_accumulate(x, izp, attr.pad, attr.stride, attr.dilation, kh, kw, oh, ow,
                           lambda win, ky, kx: np.einsum("nhwc,oc->nhwo", win, ws[:, ky, kx, :]))
    return _finish_acc(acc, bias, out)


def _depthwise_conv2d(ins, attr: S.DepthwiseConv2dAttribute, out):
    x, w, bias, izp, wzp = ins
    izp, wzp = _scalar(izp), _scalar(wzp)
    error_if(x.dtype != np.int8 and (izp != 0 or wzp != 0), "zero points only for int8")
    kh, kw, c, m = w.shape
    oh = _conv_output_size(x.shape[1], attr.pad[0], attr.pad[1], kh, attr.stride[0], attr.dilation[0])
    ow = _conv_output_size(x.shape[2], attr.pad[2], attr.pad[3], kw, attr.stride[1], attr.dilation[1])
    ws = w.astype(np.float64 if w.dtype == np.float32 else np.int64) - (0 if w.dtype == np.float32 else wzp)
    acc = _conv_accumulate(x, izp, attr.pad, attr.stride, attr.dilation, kh, kw, oh, ow,
                           lambda win, ky, kx: (win[..., :, None] * ws[ky, kx][None, None, None]).reshape(
                               win.shape[0], win.shape[1], win.shape[2], c * m))
    return _finish_acc(acc, bias, out)


def _transpose_conv2d(ins, attr: S.TransposeConv2dAttribute, out):
    x, w, bias, izp, wzp = ins
    izp, wzp = _scalar(izp), _scalar(wzp)
    oc, kh, kw, ic = w.shape
    n, ih, iw, _ = x.shape
    sy, sx = attr.stride
    opt, opb, opl, opr = attr.out_pad
    oh, ow = (ih - 1) * sy + opt + opb + kh, (iw - 1) * sx + opl + opr + kw
    is_float = x.dtype == np.float32
    xs = x.astype(np.float64 if is_float else np.int64) - (0 if is_float else izp)
    ws = w.astype(np.float64 if is_float else np.int64) - (0 if is_float else wzp)
    acc = np.zeros((n, oh, ow, oc), np.float64 if is_float else np.int64)
    # Scatter form of the gather in the pseudo-code: input (iy, ix) feeds output
    # (iy*sy + opt + ky, ix*sx + opl + kx).
    for iy in range(ih):
        for ix in range(iw):
            for ky in range(kh):
                for kx in range(kw):
                    oy, ox = iy * sy + opt + ky, ix * sx + opl + kx
                    if 0 <= oy < oh and 0 <= ox < ow:
                        acc[:, oy, ox, :] += xs[:, iy, ix, :] @ ws[:, ky, kx, :].T
    return _finish_acc(acc, bias, out)


def _matmul(ins, attr, out):
    a, b, azp, bzp = ins
    if a.dtype == np.float32:
        return _f32(np.matmul(a.astype(np.float64), b.astype(np.float64)))
    return wrap32(np.matmul(a.astype(np.int64) - _scalar(azp), b.astype(np.int64) - _scalar(bzp)))


def _pool_windows(x, kernel, stride, pad, fill):
    kh, kw = kernel
    error_if(any(p < 0 for p in pad) or pad[0] >= kh or pad[1] >= kh or pad[2] >= kw or pad[3] >= kw,
             "pool padding must be in [0, kernel)")
    oh = (x.shape[1] + pad[0] + pad[1] - kh)
    ow = (x.shape[2] + pad[2] + pad[3] - kw)
    error_if(oh % stride[0] or ow % stride[1], "pool output size is not exact")
    oh, ow = oh // stride[0] + 1, ow // stride[1] + 1
    xp = np.pad(x, ((0, 0), (pad[0], pad[1]), (pad[2], pad[3]), (0, 0)), constant_values=fill)
    valid = np.pad(np.ones(x.shape[1:3], bool), ((pad[0], pad[1]), (pad[2], pad[3])))
    for ky in range(kh):
        for kx in range(kw):
            sl = (slice(ky, ky + (oh - 1) * stride[0] + 1, stride[0]), slice(kx, kx + (ow - 1) * stride[1] + 1, stride[1]))
            yield xp[:, sl[0], sl[1], :], valid[sl][None, :, :, None]


def _avg_pool2d(ins, attr: S.AvgPool2dAttribute, out):
    x, izp, ozp = ins
    is_float = x.dtype == np.float32
    acc, count = 0, 0
    xs = x.astype(np.float64) if is_float else x.astype(np.int64) - _scalar(izp)
    for window, valid in _pool_windows(xs, attr.kernel, attr.stride, attr.pad, 0):
        acc = acc + np.where(valid, window, 0)
        count = count + valid.astype(np.int64)
    if is_float:
        return _f32(acc / count)
    count = np.broadcast_to(count, acc.shape)
    multiplier, shift = reciprocal_scale(count)
    r = apply_scale_32(acc, multiplier, shift, False).astype(np.int64) + _scalar(ozp)
    return np.clip(r, *INT_RANGE[DType.INT8])


def _max_pool2d(ins, attr: S.MaxPool2dAttribute, out):
    (x,) = ins
    if x.dtype == np.float32:
        ignore = attr.nan_mode == S.NanPropagationMode.IGNORE
        result = None
        for window, valid in _pool_windows(x.astype(np.float64), attr.kernel, attr.stride, attr.pad, -np.inf):
            window = np.where(valid, window, -np.inf)
            if result is None:
                result = window
            else:
                result = np.fmax(result, window) if ignore else np.maximum(result, window)
        return _f32(result)
    result = np.int64(-128)
    for window, valid in _pool_windows(x.astype(np.int64), attr.kernel, attr.stride, attr.pad, -128):
        result = np.maximum(result, np.where(valid, window, -128))
    return result


def _table(ins, attr, out):
    x, table = ins
    if x.dtype == np.int8:
        return table.astype(np.int64)[x.astype(np.int64) + 128]
    v = x.astype(np.int64)
    index = (v + 32768) >> 7
    fraction = v & 0x7F
    t = table.astype(np.int64)
    base = t[index]
    return base * 128 + (t[index + 1] - base) * fraction


def _broadcast_check(ins, out):
    for a in ins:
        error_if(a.ndim != len(out.shape), "broadcast operands need equal ranks")
    return [a for a in ins]


def _binary(kind: Op) -> Callable:
    def fn(ins, attr, out):
        a, b = _broadcast_check(ins[:2], out)
        if a.dtype == np.float32:
            x, y = a.astype(np.float64), b.astype(np.float64)
            if kind in (Op.MAXIMUM, Op.MINIMUM):
                ignore = attr is not None and attr.nan_mode == S.NanPropagationMode.IGNORE
                pick = {(Op.MAXIMUM, True): np.fmax, (Op.MAXIMUM, False): np.maximum,
                        (Op.MINIMUM, True): np.fmin, (Op.MINIMUM, False): np.minimum}[(kind, ignore)]
                return _f32(pick(x, y))
            return _f32({Op.ADD: np.add, Op.SUB: np.subtract, Op.MUL: np.multiply}[kind](x, y))
        x, y = a.astype(np.int64), b.astype(np.int64)
        if kind == Op.ADD:
            return wrap32(x + y)
        if kind == Op.SUB:
            return wrap32(x - y)
        if kind == Op.MAXIMUM:
            return np.maximum(x, y)
        if kind == Op.MINIMUM:
            return np.minimum(x, y)
        shift = _scalar(ins[2])
        error_if(shift != 0 and a.dtype != np.int32, "MUL shift must be 0 unless int32")
        if shift == 0:
            return wrap32(x * y)
        # Python ints: the int32 x int32 product plus rounding is exact.
        product = np.array([(int(p) + (1 << (shift - 1))) >> shift for p in (x * y).ravel()], np.int64)
        return wrap32(product.reshape(np.broadcast(x, y).shape))
    return fn


_FP_UNARY = {
    Op.SIGMOID: lambda v: 1.0 / (1.0 + np.exp(-v)), Op.TANH: np.tanh, Op.EXP: np.exp, Op.LOG: np.log,
    Op.RECIPROCAL: lambda v: 1.0 / v, Op.RSQRT: lambda v: 1.0 / np.sqrt(v), Op.FLOOR: np.floor,
    Op.CEIL: np.ceil, Op.SIN: np.sin, Op.COS: np.cos, Op.ABS: np.abs, Op.NEGATE: np.negative,
}


def _erf(v):
    import math
    return np.vectorize(math.erf)(v)


def _unary(kind: Op) -> Callable:
    def fn(ins, attr, out):
        x = ins[0]
        if x.dtype == np.float32:
            f = _erf if kind == Op.ERF else _FP_UNARY[kind]
            with np.errstate(all="ignore"):
                return _f32(f(x.astype(np.float64)))
        v = x.astype(np.int64)
        if kind == Op.ABS:
            return wrap32(np.abs(v))
        izp, ozp = _scalar(ins[1]), _scalar(ins[2])
        error_if(x.dtype != np.int8 and (izp or ozp), "NEGATE zero points only for int8")
        r = -(v - izp) + ozp
        return np.clip(r, *INT_RANGE[_dtype_of(x)]) if x.dtype != np.int32 else wrap32(r)
    return fn


def _clamp(ins, attr: S.ClampAttribute, out):
    (x,) = ins
    lo = np.frombuffer(bytes(attr.min_val), x.dtype.newbyteorder("<"))[0]
    hi = np.frombuffer(bytes(attr.max_val), x.dtype.newbyteorder("<"))[0]
    error_if(np.isnan(lo) or np.isnan(hi) or hi < lo, "CLAMP bounds are NaN or max < min")
    r = np.minimum(np.maximum(x, lo), hi)
    if x.dtype == np.float32 and attr.nan_mode == S.NanPropagationMode.IGNORE:
        r = np.where(np.isnan(x), lo, r)
    return r


def _cast(ins, attr, out):
    (x,) = ins
    out_t = DType(out.type)
    if out_t == DType.BOOL:
        return x != 0
    if out_t == DType.FP32:
        return _f32(x.astype(np.float64))
    if x.dtype == np.float32:
        lo, hi = INT_RANGE[out_t]
        return np.clip(np.rint(x.astype(np.float64)), lo, hi).astype(np.int64)
    bits = {DType.INT8: 8, DType.INT16: 16, DType.INT32: 32}[out_t]
    v = x.astype(np.int64) & ((1 << bits) - 1)
    return np.where(v >= 1 << (bits - 1), v - (1 << bits), v)


def _reshape(ins, attr, out):
    x = ins[0]
    if len(ins) > 1:
        error_if(list(ins[1]) != list(out.shape) or int(np.prod(out.shape)) != x.size, "RESHAPE shape mismatch")
    return x.reshape(out.shape)


def _transpose(ins, attr: S.TransposeAttribute, out):
    error_if(sorted(attr.perms) != list(range(ins[0].ndim)), "perms is not a permutation")
    return np.transpose(ins[0], attr.perms)


def _concat(ins, attr, out):
    return np.concatenate(ins, axis=attr.axis)


def _pad(ins, attr, out):
    x, padding, pad_const = ins
    pairs = [(int(padding[2 * d]), int(padding[2 * d + 1])) for d in range(x.ndim)]
    error_if(any(a < 0 or b < 0 for a, b in pairs), "negative padding")
    return np.pad(x, pairs, constant_values=pad_const.reshape(-1)[0])


def _slice(ins, attr, out):
    x, start, size = ins
    index = []
    for d in range(x.ndim):
        s, n = int(start[d]), int(size[d])
        error_if(s < 0 or n < 1 or s + n > x.shape[d], "SLICE out of range")
        index.append(slice(s, s + n))
    return x[tuple(index)]


def _reduce(kind: Op) -> Callable:
    def fn(ins, attr, out):
        (x,) = ins
        if kind == Op.REDUCE_SUM:
            if x.dtype == np.float32:
                return _f32(np.sum(x.astype(np.float64), axis=attr.axis, keepdims=True))
            return wrap32(np.sum(x.astype(np.int64), axis=attr.axis, keepdims=True))
        ignore = attr.nan_mode == S.NanPropagationMode.IGNORE
        f = {(Op.REDUCE_MAX, False): np.max, (Op.REDUCE_MAX, True): np.nanmax,
             (Op.REDUCE_MIN, False): np.min, (Op.REDUCE_MIN, True): np.nanmin}[(kind, ignore and x.dtype == np.float32)]
        return f(x, axis=attr.axis, keepdims=True)
    return fn


def _argmax(ins, attr, out):
    (x,) = ins
    if x.dtype == np.float32 and attr.nan_mode != S.NanPropagationMode.IGNORE:
        has_nan = np.isnan(x)
        return np.where(has_nan.any(axis=attr.axis), np.argmax(has_nan, axis=attr.axis),
                        np.argmax(np.where(has_nan, -np.inf, x), axis=attr.axis))
    if x.dtype == np.float32:
        return np.nanargmax(x, axis=attr.axis)
    return np.argmax(x, axis=attr.axis)


_OPS: Dict[Op, Callable] = {
    Op.RESCALE: _rescale, Op.CONV2D: _conv2d, Op.DEPTHWISE_CONV2D: _depthwise_conv2d,
    Op.TRANSPOSE_CONV2D: _transpose_conv2d, Op.MATMUL: _matmul, Op.AVG_POOL2D: _avg_pool2d,
    Op.MAX_POOL2D: _max_pool2d, Op.TABLE: _table, Op.CLAMP: _clamp, Op.CAST: _cast,
    Op.RESHAPE: _reshape, Op.IDENTITY: _reshape, Op.TRANSPOSE: _transpose, Op.CONCAT: _concat,
    Op.PAD: _pad, Op.SLICE: _slice, Op.ARGMAX: _argmax,
}
for _kind in (Op.ADD, Op.SUB, Op.MUL, Op.MAXIMUM, Op.MINIMUM):
    _OPS[_kind] = _binary(_kind)
for _kind in list(_FP_UNARY) + [Op.ERF]:
    _OPS[_kind] = _unary(_kind)
for _kind in (Op.REDUCE_SUM, Op.REDUCE_MAX, Op.REDUCE_MIN):
    _OPS[_kind] = _reduce(_kind)
