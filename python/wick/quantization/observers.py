"""Observers: record value ranges during calibration, then choose int8 parameters.

Activations are per-tensor affine int8 in [-128, 127]; the range always
includes 0 so that zero (padding, ReLU) is exact. Weights are symmetric
per-channel int8 in [-127, 127] with zero point 0.

* ``MinMaxObserver``: the running min and max (the default).
* ``MovingAverageMinMaxObserver``: exponential moving averages of each batch's
  min and max (``averaging_constant`` weight on the new batch).
* ``HistogramObserver``: a histogram of all values seen; the range is cut at
  the ``percentile`` / ``100 - percentile`` points, so rare outliers do not
  stretch the scale. The histogram's span grows by re-binning when new values
  fall outside it.
"""

from __future__ import annotations

import dataclasses
from typing import Tuple

import torch

INT8_MIN, INT8_MAX = -128, 127
WEIGHT_MIN, WEIGHT_MAX = -127, 127
# Smallest scale: far below float32's epsilon, which randomly initialized deep
# networks' vanishing activations (~1e-8) would otherwise collapse to one code.
MIN_SCALE = 2.0 ** -40
_EPS = MIN_SCALE


@dataclasses.dataclass(frozen=True)
class QParams:
    """Per-tensor affine int8 parameters: real = (q - zero_point) * scale."""

    scale: float
    zero_point: int
    quant_min: int = INT8_MIN
    quant_max: int = INT8_MAX

    def quantize(self, value: float) -> int:
        return int(min(max(round(value / self.scale) + self.zero_point, self.quant_min), self.quant_max))


def affine_qparams(min_val: float, max_val: float) -> QParams:
    """Scale and zero point mapping [min(min_val, 0), max(max_val, 0)] onto [-128, 127]."""
    lo, hi = min(float(min_val), 0.0), max(float(max_val), 0.0)
    scale = max((hi - lo) / float(INT8_MAX - INT8_MIN), _EPS)
    zero_point = int(round(INT8_MIN - lo / scale))
    return QParams(scale, max(INT8_MIN, min(INT8_MAX, zero_point)))


def symmetric_per_channel(weight: torch.Tensor, axis: int = 0) -> Tuple[torch.Tensor, torch.Tensor]:
    """(int8 weight, float64 scales): scale[c] = max|w[c]| / 127, q = round_half_even(w / scale)."""
    dims = [d for d in range(weight.dim()) if d != axis]
    absmax = weight.detach().abs().amax(dim=dims) if dims else weight.detach().abs()
    scales = torch.clamp(absmax.to(torch.float64) / WEIGHT_MAX, min=_EPS)
    shape = [1] * weight.dim()
    shape[axis] = -1
    q = torch.round(weight.to(torch.float64) / scales.reshape(shape)).clamp(WEIGHT_MIN, WEIGHT_MAX)
    return q.to(torch.int8), scales


class Observer:
    """Base: ``observe(tensor)`` during calibration, ``qparams()`` afterwards."""

    def __init__(self):
        self.count = 0

    def observe(self, value: torch.Tensor) -> None:
        value = value.detach().to(torch.float32)
        if value.numel() == 0:
            return
        self._observe(value)
        self.count += 1

    def _observe(self, value: torch.Tensor) -> None:
        raise NotImplementedError

    def range(self) -> Tuple[float, float]:
        raise NotImplementedError

    def qparams(self) -> QParams:
        if self.count == 0:
            raise RuntimeError(f"{type(self).__name__} saw no data: calibrate the prepared model first")
        return affine_qparams(*self.range())


class MinMaxObserver(Observer):
    def __init__(self):
        super().__init__()
        self.min_val, self.max_val = float("inf"), float("-inf")

    def _observe(self, value):
        self.min_val = min(self.min_val, float(value.min()))
        self.max_val = max(self.max_val, float(value.max()))

    def range(self):
        return self.min_val, self.max_val


class MovingAverageMinMaxObserver(Observer):
    def __init__(self, averaging_constant: float = 0.01):
        super().__init__()
        self.averaging_constant = averaging_constant
        self.min_val = self.max_val = 0.0

    def _observe(self, value):
        lo, hi = float(value.min()), float(value.max())
        if self.count == 0:
            self.min_val, self.max_val = lo, hi
        else:
            c = self.averaging_constant
            self.min_val += c * (lo - self.min_val)
            self.max_val += c * (hi - self.max_val)

    def range(self):
        return self.min_val, self.max_val


class HistogramObserver(Observer):
    def __init__(self, bins: int = 2048, percentile: float = 99.99):
        super().__init__()
        self.bins = bins
        self.percentile = percentile
        self.histogram = torch.zeros(bins, dtype=torch.float64)
        self.lo = self.hi = 0.0

    def _rebin(self, lo: float, hi: float) -> None:
        """Move the counts to a wider span [lo, hi] (each old bin's count to the new bin of its centre)."""
        width = (self.hi - self.lo) / self.bins
        centres = self.lo + (torch.arange(self.bins, dtype=torch.float64) + 0.5) * width
        index = ((centres - lo) / (hi - lo) * self.bins).long().clamp(0, self.bins - 1)
        histogram = torch.zeros(self.bins, dtype=torch.float64)
        histogram.index_add_(0, index, self.histogram)
        self.histogram, self.lo, self.hi = histogram, lo, hi

    def _observe(self, value):
        lo, hi = min(float(value.min()), 0.0), max(float(value.max()), 0.0)
        if hi - lo < _EPS:
            hi = lo + _EPS
        if self.count == 0:
            self.lo, self.hi = lo, hi
        elif lo < self.lo or hi > self.hi:
            self._rebin(min(lo, self.lo), max(hi, self.hi))
        counts = torch.histc(value.to(torch.float64), self.bins, self.lo, self.hi)
        self.histogram += counts

    def range(self):
        cdf = torch.cumsum(self.histogram, 0) / self.histogram.sum()
        width = (self.hi - self.lo) / self.bins
        tail = (100.0 - self.percentile) / 100.0
        first = int(torch.searchsorted(cdf, torch.tensor([tail], dtype=torch.float64))[0])
        last = int(torch.searchsorted(cdf, torch.tensor([1.0 - tail], dtype=torch.float64))[0])
        return self.lo + first * width, self.lo + (min(last, self.bins - 1) + 1) * width


class FixedQParamsObserver(Observer):
    """Parameters fixed by the kernel (CMSIS-NN softmax: scale 1/256, zero point -128)."""

    def __init__(self, scale: float, zero_point: int):
        super().__init__()
        self.fixed = QParams(scale, zero_point)

    def _observe(self, value):
        pass

    def qparams(self):
        return self.fixed


OBSERVERS = {
    "minmax": MinMaxObserver,
    "moving_average": MovingAverageMinMaxObserver,
    "histogram": HistogramObserver,
}
