"""Fixed-point requantization parameters, computed as CMSIS-NN / TFLite do.

A real scale ``r > 0`` is written as ``r = m * 2^shift`` with the multiplier
``m`` a Q0.31 number in [0.5, 1):

    (mantissa, exponent) = frexp(r)            # r = mantissa * 2^exponent, mantissa in [0.5, 1)
    multiplier = round_half_away(mantissa * 2^31)
    if multiplier == 2^31: multiplier = 2^30; exponent += 1
    shift = exponent                            # > 0: left shift, < 0: right shift

(TFLite's ``QuantizeMultiplier``; ExecuTorch's ``quantize_multiplier_aot``.)
At run time the kernels compute ``requantize(x) = rdiv(dhm(x << max(shift,0), m), max(-shift,0))``
with ``dhm`` the rounding doubling high multiply (half up) and ``rdiv`` the
rounding right shift (half away from zero), see ``requantize`` below and
docs arm-backends.md §8. Shifts must lie in [-31, 31]; scales too small for
that become multiplier 0 (the output is then the zero point).
"""

from __future__ import annotations

import math
from typing import Tuple

import torch

MIN_SHIFT, MAX_SHIFT = -31, 31
ADD_LEFT_SHIFT = 20  # arm_elementwise_add_s8 aligns both int8 inputs with 2^20 (TFLite's choice)
SOFTMAX_DIFF_INTEGER_BITS = 5  # TFLite/CMSIS-NN softmax: diffs are Q5.26 before exp()


def _round_half_away(value: float) -> int:
    return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


def quantize_multiplier(real: float) -> Tuple[int, int]:
    """(multiplier, shift) with real ~= multiplier * 2^(shift - 31)."""
    if real < 0 or not math.isfinite(real):
        raise ValueError(f"requantization scale must be finite and >= 0, got {real}")
    if real == 0.0:
        return 0, 0
    mantissa, exponent = math.frexp(real)
    multiplier = _round_half_away(mantissa * (1 << 31))
    if multiplier == 1 << 31:
        multiplier //= 2
        exponent += 1
    if exponent < MIN_SHIFT:
        return 0, 0
    if exponent > MAX_SHIFT:
        raise ValueError(f"requantization scale {real} needs a left shift above {MAX_SHIFT}")
    return multiplier, exponent


def add_parameters(scale_a: float, scale_b: float, scale_out: float):
    """(a_mult, a_shift, b_mult, b_shift, out_mult, out_shift) for arm_elementwise_add_s8.

    Both inputs are shifted left by 2^20, brought to the common scale
    2 * max(s_a, s_b), summed and requantized to the output (TFLite's add).
    """
    twice_max = 2.0 * max(scale_a, scale_b)
    a = quantize_multiplier(scale_a / twice_max)
    b = quantize_multiplier(scale_b / twice_max)
    out = quantize_multiplier(twice_max / ((1 << ADD_LEFT_SHIFT) * scale_out))
    return a + b + out


def softmax_parameters(input_scale: float, beta: float = 1.0) -> Tuple[int, int, int]:
    """(input_multiplier, input_shift, diff_min) of arm_softmax_s8 (TFLite PreprocessSoftmaxScaling)."""
    bits = SOFTMAX_DIFF_INTEGER_BITS
    real = min(beta * input_scale * float(1 << (31 - bits)), float((1 << 31) - 1))
    multiplier, shift = quantize_multiplier(real)
    if shift < 0:  # QuantizeMultiplierGreaterThanOne: the scale is >= 1 for any sane input scale
        raise ValueError(f"softmax input scale {input_scale} is too small for CMSIS-NN")
    radius = ((1 << bits) - 1) * float(1 << (31 - bits)) / float(1 << shift)
    return multiplier, shift, -int(math.floor(radius))


# --- the run-time arithmetic, in torch int64 (used by the lowered ops' torch implementations)

def wrap_int32(x: torch.Tensor) -> torch.Tensor:
    return ((x + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def requantize(acc: torch.Tensor, multiplier, shift) -> torch.Tensor:
    """arm_nn_requantize on int64 tensors (multiplier/shift broadcast against acc)."""
    acc = acc.to(torch.int64)
    multiplier = torch.as_tensor(multiplier, dtype=torch.int64)
    shift = torch.as_tensor(shift, dtype=torch.int64)
    left = shift.clamp(min=0)
    right = (-shift).clamp(min=0)
    value = wrap_int32(acc * torch.pow(2, left))
    high = wrap_int32(torch.div(value * multiplier + (1 << 30), 1 << 31, rounding_mode="floor"))
    half = torch.where(right > 0, torch.pow(2, (right - 1).clamp(min=0)), torch.zeros_like(right))
    magnitude = torch.div(high.abs() + half, torch.pow(2, right), rounding_mode="floor")
    return torch.where(high < 0, -magnitude, magnitude)
