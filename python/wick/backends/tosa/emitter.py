"""TOSA building blocks used by the lowering: constants, layout changes and the
quantized arithmetic idioms (RESCALE with ExecuTorch's multiplier convention).

Rank-4 feature maps are NHWC inside a TOSA graph; `nhwc` records which TOSA tensors
are, so the lowering can bring a value to either layout on demand.
"""

from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import schema as S
from .schema import DType, Op
from .serializer import TosaGraphBuilder

TO_NHWC = [0, 2, 3, 1]
TO_NCHW = [0, 3, 1, 2]


def scale_to_multiplier(scale: float) -> Tuple[int, int]:
    """(multiplier, shift) for RESCALE scale32 (tosa.md section 5, ExecuTorch's convention):
    a 31-bit mantissa, shift = 31 - exponent, kept within 2..62."""
    if not (scale > 0 and math.isfinite(scale)):
        raise ValueError(f"RESCALE scale must be finite and > 0, got {scale}")
    mantissa, exponent = math.frexp(scale)
    multiplier = round(mantissa * (1 << 31))
    if multiplier == 1 << 31:
        multiplier //= 2
        exponent += 1
    shift = 31 - exponent
    if shift > 62:
        multiplier >>= min(31, shift - 62)
        shift = 62
    if not 2 <= shift <= 62:
        raise ValueError(f"RESCALE scale {scale} is outside TOSA's range (shift {shift})")
    return multiplier, shift


class TosaEmitter:
    def __init__(self):
        self.g = TosaGraphBuilder()
        self.nhwc: Dict[str, bool] = {}
        self._layout_cache: Dict[Tuple[str, bool], str] = {}
        self._zero_cache: Dict[Tuple[int, DType], str] = {}

    # ---- basics ------------------------------------------------------------------
    def shape(self, name: str) -> List[int]:
        return self.g.shape_of(name)

    def dtype(self, name: str) -> DType:
        return self.g.dtype_of(name)

    def op(self, op: Op, inputs: Sequence[str], shape: Sequence[int], dtype: DType, attribute=None,
           nhwc: bool = False) -> str:
        out = self.g.add_op(op, inputs, shape, dtype, attribute)
        self.nhwc[out] = nhwc
        return out

    def const(self, values, dtype: DType) -> str:
        return self.g.add_const(np.asarray(values), dtype)

    def zero_point(self, value: int, dtype: DType) -> str:
        """A shared [1] constant (zero points, MUL shift)."""
        key = (int(value), dtype)
        if key not in self._zero_cache:
            self._zero_cache[key] = self.const(np.asarray([value]), dtype)
        return self._zero_cache[key]

    # ---- layout ------------------------------------------------------------------
    def layout(self, name: str, nhwc: bool) -> str:
        """`name` as an NHWC (or NCHW) tensor; only rank-4 values have a layout."""
        shape = self.shape(name)
        if len(shape) != 4 or self.nhwc.get(name, False) == nhwc:
            return name
        key = (name, nhwc)
        if key not in self._layout_cache:
            perms = TO_NHWC if nhwc else TO_NCHW
            out_shape = [shape[p] for p in perms]
            self._layout_cache[key] = self.op(Op.TRANSPOSE, [name], out_shape, self.dtype(name),
                                              S.TransposeAttribute(perms=perms), nhwc=nhwc)
        return self._layout_cache[key]

    def logical_shape(self, name: str) -> List[int]:
        """The NCHW shape of `name` (what the torch graph sees)."""
        shape = self.shape(name)
        if len(shape) == 4 and self.nhwc.get(name, False):
            return [shape[p] for p in TO_NCHW]
        return shape

    def reshape(self, name: str, shape: Sequence[int]) -> str:
        return self.op(Op.RESHAPE, [name, self.g.add_const_shape(shape)], shape, self.dtype(name))

    # ---- quantized arithmetic ----------------------------------------------------
    def rescale(self, name: str, out_dtype: DType, scales, input_zp: int, output_zp: int) -> str:
        """RESCALE (scale32, single rounding); `scales` is one float or one per channel (last dim)."""
        scales = np.atleast_1d(np.asarray(scales, np.float64))
        per_channel = scales.size > 1
        pairs = [scale_to_multiplier(float(s)) for s in scales]
        attr = S.RescaleAttribute(scale32=True, rounding_mode=S.RoundingMode.SINGLE_ROUND, per_channel=per_channel)
        inputs = [name, self.const(np.asarray([m for m, _ in pairs]), DType.INT32),
                  self.const(np.asarray([s for _, s in pairs]), DType.INT8),
                  self.zero_point(input_zp, self.dtype(name)), self.zero_point(output_zp, out_dtype)]
        return self.op(Op.RESCALE, inputs, self.shape(name), out_dtype, attr, nhwc=self.nhwc.get(name, False))

    def clamp(self, name: str, lo, hi) -> str:
        dtype = self.dtype(name)
        np_type = np.float32 if dtype == DType.FP32 else np.int8
        attr = S.ClampAttribute(min_val=np.asarray([lo], np_type).tobytes(), max_val=np.asarray([hi], np_type).tobytes(),
                                nan_mode=S.NanPropagationMode.PROPAGATE)
        return self.op(Op.CLAMP, [name], self.shape(name), dtype, attr, nhwc=self.nhwc.get(name, False))
