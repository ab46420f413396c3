"""The unit of lowering: the fx nodes computing one value that become TOSA operators,
plus the geometry helpers the patterns share."""

from __future__ import annotations

import dataclasses
from typing import Callable, List, Optional, Sequence, Tuple

from torch.fx import Node

from .schema import Op


@dataclasses.dataclass
class Unit:
    out: Node                # the fx value the unit defines
    nodes: List[Node]        # fx nodes it replaces (deleted when its partition is delegated)
    inputs: List[Node]       # fx values it reads
    emit: Callable           # emit(TosaEmitter, [TOSA names of inputs]) -> TOSA name of the result
    kind: str                # short description for reports


def is_call(node, target) -> bool:
    return isinstance(node, Node) and node.op == "call_function" and node.target is target


def shape_of(node: Node) -> List[int]:
    meta = node.meta.get("tensor_meta", node.meta.get("val"))
    return list(meta.shape)


def nchw_axis_to_nhwc(axis: int) -> int:
    return [0, 3, 1, 2][axis]


def _fit(size: int, pad: int, reach: int, stride: int, out: int) -> Optional[Tuple[int, int, int]]:
    """(pad_before, pad_after, rows to drop at the end) making TOSA's exact division give `out`.

    reach = (kernel - 1) * dilation + 1. torch floors; TOSA needs the last window to end
    exactly at the padded edge, so trailing padding (then input rows) no window reads is cut."""
    span = size + 2 * pad - reach
    if span < 0 or span // stride + 1 != out:
        return None
    extra = span % stride
    after = pad - min(extra, pad)
    return pad, after, extra - (pad - after)


def conv_geometry(in_hw, kernel, stride, padding, dilation, out_hw):
    """(TOSA pad [top, bottom, left, right], crop(emitter, nhwc name) -> name) or None."""
    fits = [_fit(in_hw[i], padding[i], (kernel[i] - 1) * dilation[i] + 1, stride[i], out_hw[i]) for i in range(2)]
    if None in fits:
        return None
    pad = [fits[0][0], fits[0][1], fits[1][0], fits[1][1]]
    return pad, _cropper(fits[0][2], fits[1][2])


def pool_geometry(in_hw, kernel, stride, padding, out_hw):
    """Like conv_geometry for pools; ceil_mode outputs get extra trailing padding
    (TOSA keeps it below the kernel size)."""
    fits = []
    for i in range(2):
        fit = _fit(in_hw[i], padding[i], kernel[i], stride[i], out_hw[i])
        if fit is None:  # ceil mode: one more window, reaching into extra padding
            span = in_hw[i] + 2 * padding[i] - kernel[i]
            extra = stride[i] - span % stride[i]
            if span < 0 or span % stride[i] == 0 or span // stride[i] + 2 != out_hw[i] or padding[i] + extra >= kernel[i]:
                return None
            fit = (padding[i], padding[i] + extra, 0)
        fits.append(fit)
    pad = [fits[0][0], fits[0][1], fits[1][0], fits[1][1]]
    if any(p >= kernel[i // 2] for i, p in enumerate(pad)):
        return None
    return pad, _cropper(fits[0][2], fits[1][2])


def _cropper(rows: int, cols: int):
    def crop(e, name: str) -> str:
        if rows == 0 and cols == 0:
            return name
        n, h, w, c = e.shape(name)
        return e.op(Op.SLICE, [name, e.g.add_const_shape([0, 0, 0, 0]), e.g.add_const_shape([n, h - rows, w - cols, c])],
                    [n, h - rows, w - cols, c], e.dtype(name), nhwc=True)
    return crop
