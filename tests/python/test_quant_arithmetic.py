"""The quantizer's numbers: CMSIS-NN multipliers/shifts, requantization, observers, weight quantization.

Expected values are worked out by hand from the formulas in
wick/quantization/multiplier.py (TFLite's QuantizeMultiplier) and observers.py.
"""

import math

import pytest
import torch

from wick.quantization import (HistogramObserver, MinMaxObserver, MovingAverageMinMaxObserver, affine_qparams,
                               quantize_multiplier, symmetric_per_channel)
from wick.quantization.multiplier import add_parameters, requantize, softmax_parameters


@pytest.mark.parametrize(
    "real, expected",
    [
        (0.5, (1 << 30, 0)),  # mantissa 0.5 -> 2^30, exponent 0
        (1.0, (1 << 30, 1)),  # 1 = 0.5 * 2^1
        (0.75, (1610612736, 0)),  # 0.75 * 2^31
        (0.1, (1717986918, -3)),  # 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> 1717986918
        (3.0, (1610612736, 2)),  # left shift for scales above 1
        (1.0 - 2.0 ** -33, (1 << 30, 1)),  # mantissa rounds up to 2^31: halved, exponent + 1
        (2.0 ** -40, (0, 0)),  # below 2^-32: no representable shift, multiplier 0
        (0.0, (0, 0)),
    ],
)
def test_quantize_multiplier(real, expected):
    assert quantize_multiplier(real) == expected


def test_quantize_multiplier_rounds_half_away_from_zero():
    # mantissa * 2^31 = 2^30 + 0.5 exactly: TFLite's std::round gives 2^30 + 1
    real = (2.0 ** 30 + 0.5) / 2.0 ** 31
    assert quantize_multiplier(real) == ((1 << 30) + 1, 0)


def test_quantize_multiplier_rejects_negative_scales():
    with pytest.raises(ValueError):
        quantize_multiplier(-0.25)


@pytest.mark.parametrize(
    "acc, multiplier, shift, expected",
    [
        (100, 1 << 30, 0, 50),  # x * 0.5
        (3, 1 << 30, 0, 2),  # 1.5: the doubling high multiply rounds half up
        (-3, 1 << 30, 0, -1),  # -1.5 -> -1 (half up, not away from zero)
        (12, 1 << 30, -2, 2),  # 12 * 0.5 / 4 = 1.5: right shift rounds half away from zero
        (-12, 1 << 30, -2, -2),  # -1.5 -> -2
        (-10, 1 << 30, -2, -1),  # -1.25 -> -1
        (5, 1 << 30, 2, 10),  # left shift before the multiply: 5 * 4 * 0.5
        (1 << 30, 1 << 30, 2, 0),  # the int32 left shift wraps: 2^30 << 2 = 2^32 -> 0 (no saturation)
    ],
)
def test_requantize_matches_cmsis_nn(acc, multiplier, shift, expected):
    assert int(requantize(torch.tensor([acc]), multiplier, shift)[0]) == expected


def test_requantize_close_to_real_scale_for_many_values():
    torch.manual_seed(0)
    acc = torch.randint(-(1 << 20), 1 << 20, (1000,))
    for real in (0.0007, 0.013, 0.37, 0.99):
        m, s = quantize_multiplier(real)
        got = requantize(acc, m, s)
        assert (got - torch.round(acc.double() * real)).abs().max() <= 1


def test_add_parameters_follow_tflite():
    a_m, a_s, b_m, b_s, o_m, o_s = add_parameters(0.02, 0.01, 0.03)
    # inputs: s / (2 * max) = 0.5 and 0.25; output: 2 * 0.02 / (2^20 * 0.03)
    assert (a_m, a_s) == (1 << 30, 0)
    assert (b_m, b_s) == (1 << 30, -1)
    assert (o_m, o_s) == quantize_multiplier(0.04 / (2 ** 20 * 0.03))


def test_softmax_parameters_follow_tflite():
    multiplier, shift, diff_min = softmax_parameters(0.1)
    # 0.1 * 2^26 = 6710886.4 = 0.8 * 2^23
    assert (multiplier, shift) == (1717986918, 23)
    # radius = 31 * 2^26 / 2^23 = 248
    assert diff_min == -248


def test_affine_qparams_cover_zero_and_the_range():
    qp = affine_qparams(0.0, 2.55)
    assert qp.zero_point == -128 and math.isclose(qp.scale, 0.01)
    qp = affine_qparams(-1.0, 1.0)
    assert math.isclose(qp.scale, 2.0 / 255.0) and qp.zero_point in (-1, 0)
    qp = affine_qparams(0.5, 1.0)  # range is stretched to include 0
    assert qp.zero_point == -128 and math.isclose(qp.scale, 1.0 / 255.0)
    qp = affine_qparams(-3.0, -1.0)
    assert qp.zero_point == 127 and qp.quantize(0.0) == 127 and qp.quantize(-3.0) == -128


def test_min_max_and_moving_average_observers():
    minmax, moving = MinMaxObserver(), MovingAverageMinMaxObserver(averaging_constant=0.5)
    for lo, hi in ((-1.0, 1.0), (-3.0, 2.0)):
        batch = torch.tensor([lo, 0.0, hi])
        minmax.observe(batch)
        moving.observe(batch)
    assert minmax.range() == (-3.0, 2.0)
    assert moving.range() == (-2.0, 1.5)


def test_histogram_observer_clips_rare_outliers():
    torch.manual_seed(0)
    histogram = HistogramObserver(percentile=99.9)
    for _ in range(4):
        histogram.observe(torch.rand(10000))
    histogram.observe(torch.tensor([50.0]))  # one outlier in 40001 values
    lo, hi = histogram.range()
    assert lo == 0.0 and 0.95 < hi < 1.1


def test_observer_without_data_refuses_to_choose():
    with pytest.raises(RuntimeError, match="calibrate"):
        MinMaxObserver().qparams()


def test_symmetric_per_channel_weights():
    weight = torch.tensor([[0.5, -1.27, 0.0], [0.03, 0.01, -0.04]], dtype=torch.float64)
    q, scales = symmetric_per_channel(weight, axis=0)
    assert q.dtype == torch.int8
    assert torch.allclose(scales, torch.tensor([0.01, 0.04 / 127], dtype=torch.float64))
    assert q[0].tolist() == [50, -127, 0]
    assert q[1].tolist() == [95, 32, -127]  # 0.03 / (0.04/127) = 95.25, 0.01 / (0.04/127) = 31.75
    assert int(q.min()) >= -127  # -128 is never used
