"""Hand-derived checks of the numpy CMSIS-NN model in cortex_m_reference.py.

Every expected value below is worked out by hand in the comment next to it, so the
reference that test_keyword_spotting.py trusts cannot drift silently: rounding ties,
saturation, both shift directions, extreme zero points and activation bounds.
"""

import numpy as np
import pytest

import cortex_m_reference as ref

I32_MIN, I32_MAX = -(1 << 31), (1 << 31) - 1
ONE_HALF = 1 << 30            # a Q31 multiplier of 0.5
UNIT = dict(multiplier=ONE_HALF, shift=1)   # 0.5 * 2^1: requantize scale exactly 1


def rq(acc, multiplier, shift):
    return int(ref.requantize(acc, multiplier, shift))


# --- primitives -------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, want", [
    (1 << 30, 1 << 30, 1 << 29),   # 2 * 2^60 / 2^32 = 2^29, no fraction
    (1, ONE_HALF, 1),              # 2*1*2^30 / 2^32 = 0.5   -> rounds up to 1
    (-1, ONE_HALF, 0),             # -0.5 -> 0 (half toward +inf, not away from zero)
    (3, ONE_HALF, 2),              # 1.5 -> 2
    (-3, ONE_HALF, -1),            # -1.5 -> -1
    (I32_MAX, I32_MAX, I32_MAX - 1),   # (2^31-1)^2 * 2 / 2^32 = 2^31 - 2 + 2^-31 -> 2^31 - 2
    (I32_MIN, I32_MIN, I32_MIN),   # exactly 2^31: does not fit, wraps (no saturation)
    (I32_MIN, I32_MAX, I32_MIN + 1),   # -2^31 * (2^31-1) * 2 / 2^32 = -(2^31 - 1)
])
def test_doubling_high_multiply(a, b, want):
    assert int(ref.doubling_high_multiply(a, b)) == want


@pytest.mark.parametrize("value, exponent, want", [
    (5, 1, 3), (-5, 1, -3),        # +-2.5 -> +-3 (ties away from zero)
    (4, 1, 2), (-4, 1, -2),        # exact
    (6, 2, 2), (-6, 2, -2),        # +-1.5 -> +-2
    (5, 2, 1), (-5, 2, -1),        # +-1.25 -> +-1
    (7, 2, 2), (-7, 2, -2),        # +-1.75 -> +-2
    (1, 1, 1), (-1, 1, -1),        # +-0.5 -> +-1
    (0, 5, 0), (123, 0, 123), (-123, 0, -123),
    (I32_MIN, 31, -1), (I32_MAX, 31, 1),   # -1 exactly; 0.99999... -> 1
    (1 << 30, 31, 1), (-(1 << 30), 31, -1),   # +-0.5 -> +-1
])
def test_rounding_divide_by_pow2(value, exponent, want):
    assert int(ref.rounding_divide_by_pow2(value, exponent)) == want


def test_rounding_divide_rejects_negative_exponent():
    with pytest.raises(ValueError):
        ref.rounding_divide_by_pow2(1, -1)


@pytest.mark.parametrize("acc, multiplier, shift, want", [
    (3, ONE_HALF, 1, 3),           # left shift 1 -> 6, * 0.5 = 3
    (-3, ONE_HALF, 1, -3),
    (3, ONE_HALF, -1, 1),          # 3 * 0.5 = 1.5 -> 2 (first rounding), / 2 = 1 exactly
    (5, ONE_HALF, -1, 2),          # 5 * 0.5 = 2.5 -> 3, / 2 = 1.5 -> 2; one rounding would give 1
    (-5, ONE_HALF, -1, -1),        # -2.5 -> -2 (half up), / 2 = -1 exactly
    (-7, ONE_HALF, -1, -2),        # -3.5 -> -3, / 2 = -1.5 -> -2 (away from zero)
    (100, 0x60000000, 0, 75),      # 0.75 * 100
    (1000, ONE_HALF, -31, 0),      # 500 / 2^31 -> 0
    (1 << 30, ONE_HALF, -29, 1),   # 2^29 / 2^29
    (1 << 30, ONE_HALF, 2, 0),     # 2^30 << 2 = 2^32 wraps to 0 in the 32-bit register
    (0, I32_MAX, 31, 0),
])
def test_requantize(acc, multiplier, shift, want):
    assert rq(acc, multiplier, shift) == want


def test_requantize_per_channel_broadcast():
    acc = np.array([[10, 10, 10]])
    got = ref.requantize(acc, np.array([ONE_HALF, ONE_HALF, 0x60000000]), np.array([1, -1, 0]))
    assert got.tolist() == [[10, 3, 8]]        # 10, 2.5 -> 3, 7.5 -> 8


@pytest.mark.parametrize("shift", [32, -32])
def test_requantize_rejects_out_of_range_shift(shift):
    with pytest.raises(ValueError):
        ref.requantize(1, ONE_HALF, shift)


# --- quantize / dequantize --------------------------------------------------------------------

def test_quantize_rounds_half_to_even():
    # scale 0.5: x * 2 = 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.6 -> 0, 2, 2, 0, -2, -2, 1
    x = np.array([0.25, 0.75, 1.25, -0.25, -0.75, -1.25, 0.3], dtype=np.float32)
    assert ref.quantize_per_tensor(x, 0.5, 0, -128, 127).tolist() == [0, 2, 2, 0, -2, -2, 1]


def test_quantize_saturates_and_honours_quant_bounds():
    x = np.array([1e6, -1e6, 0.0, 126.0, -127.0], dtype=np.float32)
    assert ref.quantize_per_tensor(x, 1.0, 0, -128, 127).tolist() == [127, -128, 0, 126, -127]
    assert ref.quantize_per_tensor(x, 1.0, 0, -127, 100).tolist() == [100, -127, 0, 100, -127]


@pytest.mark.parametrize("zero_point, want", [
    (-128, [-128, -128, 127]),     # 0, -5, 300 + (-128) -> -128, -133 -> -128, 172 -> 127
    (127, [127, 122, 127]),        # 127, 122, 427 -> 127
])
def test_quantize_extreme_zero_points(zero_point, want):
    x = np.array([0.0, -5.0, 300.0], dtype=np.float32)
    assert ref.quantize_per_tensor(x, 1.0, zero_point, -128, 127).tolist() == want


def test_quantize_multiplies_by_a_float32_reciprocal():
    # scale 0.1: float32(1 / 0.1f) = 10.0f exactly. -19.55f is -19.549999237060546875, and
    # times 10 is -195.49999237060546875, exactly halfway between the float32 neighbours
    # -195.5 (even mantissa) and -195.49998474; float32 rounding picks -195.5, and
    # round-half-even then gives -196. Dividing exactly (or in double) gives -195.
    x = np.array([-19.55], dtype=np.float32)
    assert ref.quantize_per_tensor(x, 0.1, 127, -128, 127).tolist() == [-69]   # 127 - 196
    # the same value halved with scale 0.05f (reciprocal 20.0f exactly): the same tie
    assert ref.quantize_per_tensor(x / np.float32(2), 0.05, 127, -128, 127).tolist() == [-69]
    assert ref.quantize_per_tensor(x, 0.1, 0, -128, 127).tolist() == [-128]    # saturates


def test_dequantize_float32_product():
    q = np.array([-128, 127, 0, 23], dtype=np.int8)
    got = ref.dequantize_per_tensor(q, 0.5, 127)
    assert got.dtype == np.float32
    assert got.tolist() == [-127.5, 0.0, -63.5, -52.0]    # (q - 127) * 0.5
    # (3) * float32(0.1) = 0.3000000044703484 exact, rounded once to float32 0x3e99999a
    assert ref.dequantize_per_tensor(np.array([3], np.int8), 0.1, 0).view(np.uint32).tolist() == [0x3E99999A]


# --- convolutions -----------------------------------------------------------------------------------

def nchw(rows):
    """A [1, 1, H, W] int8 tensor from nested rows."""
    return np.array(rows, dtype=np.int8)[None, None]


def conv(x, weight_ohwi, bias=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1),
         input_offset=0, output_offset=0, multipliers=None, shifts=None, act=(-128, 127)):
    oc = weight_ohwi.shape[0]
    multipliers = [ONE_HALF] * oc if multipliers is None else multipliers
    shifts = [1] * oc if shifts is None else shifts
    return ref.quantized_conv2d(x, np.array(weight_ohwi, dtype=np.int8), bias, stride, padding, dilation,
                                input_offset, output_offset, multipliers, shifts, act[0], act[1])


def test_conv_1x1_identity_bias_offsets_and_clamp():
    x = nchw([[1, -2], [100, -100]])
    w = np.ones((1, 1, 1, 1))
    assert conv(x, w)[0, 0].tolist() == [[1, -2], [100, -100]]
    # + bias 10, input offset 5: (x + 5) + 10; output offset -3
    assert conv(x, w, bias=np.array([10], np.int32), input_offset=5, output_offset=-3)[0, 0].tolist() == \
        [[13, 10], [112, -88]]
    # saturation: 100 + 50 -> 127, -100 - 50 -> -128; activation bounds [-10, 20]
    assert conv(x, w * 1, bias=np.array([0], np.int32), input_offset=50)[0, 0].tolist() == [[51, 48], [127, -50]]
    assert conv(x, w, act=(-10, 20))[0, 0].tolist() == [[1, -2], [20, -10]]


def test_conv_padding_contributes_nothing_in_the_offset_domain():
    # Input all at its zero point 5 (input_offset -5): only the bias survives, even where
    # the 3x3 window hangs over the padding.
    x = nchw([[5, 5], [5, 5]])
    w = np.ones((1, 3, 3, 1))
    out = conv(x, w, bias=np.array([7], np.int32), padding=(1, 1), input_offset=-5)
    assert out[0, 0].tolist() == [[7, 7], [7, 7]]
    # One input at 9 (centred 4): each output sees it once in its 3x3 window -> 4 + 7
    x = nchw([[9, 5], [5, 5]])
    out = conv(x, w, bias=np.array([7], np.int32), padding=(1, 1), input_offset=-5)
    assert out[0, 0].tolist() == [[11, 11], [11, 11]]


def test_conv_stride_and_dilation():
    x = nchw(np.arange(16).reshape(4, 4))
    picks_top_left = np.array([[[[1], [0]], [[0], [0]]]])          # OHWI [1, 2, 2, 1]
    assert conv(x, picks_top_left, stride=(2, 2))[0, 0].tolist() == [[0, 2], [8, 10]]
    # 2x2 all-ones kernel, dilation 2 on the top-left 3x3: x[0,0]+x[0,2]+x[2,0]+x[2,2] = 0+2+8+10
    x3 = nchw(np.arange(16).reshape(4, 4)[:3, :3])
    assert conv(x3, np.ones((1, 2, 2, 1)), dilation=(2, 2))[0, 0].tolist() == [[20]]
    # asymmetric stride (2, 1) and padding (0, 1) with a 1x3 kernel summing a row
    out = conv(nchw([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), np.ones((1, 1, 3, 1)), stride=(2, 1), padding=(0, 1))
    assert out[0, 0].tolist() == [[3, 6, 5], [15, 24, 17]]


def test_conv_weight_is_ohwi_and_requantization_is_per_channel():
    # input channels (c0, c1) = (1, 2); weight OHWI [2, 1, 1, 2]: oc0 = 1*c0 + 10*c1 = 21,
    # oc1 = -3*c0 + 1*c1 = -1
    x = np.array([1, 2], dtype=np.int8).reshape(1, 2, 1, 1)
    w = np.array([[[[1, 10]]], [[[-3, 1]]]])
    assert conv(x, w)[0, :, 0, 0].tolist() == [21, -1]
    # oc0 scale 0.5 * 2^-1: 21 * 0.5 = 10.5 -> 11, / 2 = 5.5 -> 6 (double rounding; exact
    # 5.25 would give 5); oc1 scale 0.5 * 2^4 = 8: -1 -> -8
    assert conv(x, w, shifts=[-1, 4])[0, :, 0, 0].tolist() == [6, -8]


def test_depthwise_channel_mapping_and_multiplier():
    # 2 input channels, depth multiplier 2: outputs (c0*w0, c0*w1, c1*w2, c1*w3)
    x = np.array([5, -3], dtype=np.int8).reshape(1, 2, 1, 1)
    w = np.array([3, -2, 4, 1], dtype=np.int8).reshape(1, 1, 1, 4)
    out = ref.quantized_depthwise_conv2d(x, w, None, (1, 1), (0, 0), (1, 1), 2, 0, 0,
                                         [ONE_HALF] * 4, [1] * 4, -128, 127)
    assert out[0, :, 0, 0].tolist() == [15, -10, -12, -3]


def test_depthwise_window_padding_offsets_bias_and_clamp():
    # one channel, 3x3 input, 3x3 kernel of ones, padding 1, stride 2, input_offset 1:
    # centred inputs x+1 = [[1,2,3],[4,5,6],[7,8,9]]; the 2x2 output windows are centred on
    # the input corners and see the corner 2x2 blocks: sums 12, 16, 24, 28. Bias 100 takes
    # 128 above 127; activation bounds [14, 25] clamp 12 and 28.
    x = nchw([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    w = np.ones((1, 3, 3, 1), dtype=np.int8)
    args = ((2, 2), (1, 1), (1, 1), 1, 1, 0, [ONE_HALF], [1])
    out = ref.quantized_depthwise_conv2d(x, w, None, *args, -128, 127)
    assert out[0, 0].tolist() == [[12, 16], [24, 28]]
    out = ref.quantized_depthwise_conv2d(x, w, np.array([100], np.int32), *args, -128, 127)
    assert out[0, 0].tolist() == [[112, 116], [124, 127]]
    out = ref.quantized_depthwise_conv2d(x, w, None, *args, 14, 25)
    assert out[0, 0].tolist() == [[14, 16], [24, 25]]


def test_depthwise_rejects_channel_mismatch():
    with pytest.raises(ValueError):
        ref.quantized_depthwise_conv2d(np.zeros((1, 2, 1, 1), np.int8), np.zeros((1, 1, 1, 3), np.int8),
                                       None, (1, 1), (0, 0), (1, 1), 2, 0, 0, [ONE_HALF] * 3, [1] * 3, -128, 127)


# --- linear ----------------------------------------------------------------------------------

def test_linear_offsets_bias_and_argument_order():
    x = np.array([[1, 2, 3]], dtype=np.int8)
    w = np.array([[1, 1, 1], [1, -1, 0]], dtype=np.int8)
    # input_offset 1: (2, 3, 4) -> [9, -1]; bias (1, 1) -> [10, 0]; output offset 23
    out = ref.quantized_linear(x, w, np.array([1, 1], np.int32), None, 1, 0, 23, [ONE_HALF], [1], 127, -128)
    assert out.tolist() == [[33, 23]]
    # filter_offset 2: w + 2 = [[3,3,3],[3,1,2]] -> [27, 17]
    out = ref.quantized_linear(x, w, None, None, 1, 2, 0, [ONE_HALF], [1], 127, -128)
    assert out.tolist() == [[27, 17]]
    # activation_max comes before activation_min
    out = ref.quantized_linear(x, w, None, None, 1, 0, 0, [ONE_HALF], [1], 5, 0)
    assert out.tolist() == [[5, 0]]


def test_linear_kernel_sum_equals_the_bias_path():
    rng = np.random.default_rng(7)
    x = rng.integers(-128, 128, (2, 16)).astype(np.int8)
    w = rng.integers(-127, 128, (5, 16)).astype(np.int8)
    bias = rng.integers(-5000, 5000, 5).astype(np.int32)
    kernel_sum = 77 * w.astype(np.int64).sum(axis=1) + bias
    mult, shift = [0x55555555] * 5, [-7, -6, -5, -8, -7]
    with_bias = ref.quantized_linear(x, w, bias, None, 77, 0, -3, mult, shift, 127, -128)
    with_sum = ref.quantized_linear(x, w, None, kernel_sum, 77, 0, -3, mult, shift, 127, -128)
    assert np.array_equal(with_bias, with_sum)
    with pytest.raises(ValueError):
        ref.quantized_linear(x, w, None, kernel_sum, 77, 1, -3, mult, shift, 127, -128)


def test_linear_per_channel_multipliers():
    x = np.array([[10]], dtype=np.int8)
    w = np.array([[1], [1], [1]], dtype=np.int8)
    # scales 1, 0.25, 0.75: 10, 2.5 -> 3, 7.5 -> 8
    out = ref.quantized_linear(x, w, None, None, 0, 0, 0, [ONE_HALF, ONE_HALF, 0x60000000], [1, -1, 0], 127, -128)
    assert out.tolist() == [[10, 3, 8]]


# --- pooling, pad, elementwise ---------------------------------------------------------------

@pytest.mark.parametrize("window, want", [
    ([1, 2], 2), ([-1, -2], -2),            # +-1.5 -> away from zero
    ([1, 2, 3, 4], 3), ([-1, -2, -3, -4], -3),   # +-2.5
    ([1, 1, 2], 1), ([-1, -1, -2], -1),     # +-4/3
    ([1, 2, 2], 2), ([-1, -2, -2], -2),     # +-5/3
    ([0, 0], 0), ([127] * 4, 127), ([-128] * 4, -128),
])
def test_avg_pool_rounds_half_away_from_zero(window, want):
    x = np.array(window, dtype=np.int8).reshape(1, 1, 1, -1)
    assert ref.quantized_avg_pool2d(x, (1, len(window)), (1, 1), (0, 0), False).item() == want


def test_avg_pool_excludes_padding_and_handles_ceil_mode():
    # 2x2 input, 3x3 window, padding 1: every window covers all 4 real values -> mean 4, not 16/9
    x = nchw([[4, 4], [4, 4]])
    assert ref.quantized_avg_pool2d(x, (3, 3), (1, 1), (1, 1), False)[0, 0].tolist() == [[4, 4], [4, 4]]
    # 1x5 input, window 2, stride 2: floor -> 2 outputs, ceil -> 3 (last window = [x4] alone)
    x = nchw([[1, 2, 3, 4, 9]])
    assert ref.quantized_avg_pool2d(x, (1, 2), (1, 2), (0, 0), False)[0, 0].tolist() == [[2, 4]]
    assert ref.quantized_avg_pool2d(x, (1, 2), (1, 2), (0, 0), True)[0, 0].tolist() == [[2, 4, 9]]
    # activation clamp
    assert ref.quantized_avg_pool2d(x, (1, 2), (1, 2), (0, 0), True, -5, 3)[0, 0].tolist() == [[2, 3, 3]]


def test_max_pool():
    x = nchw([[1, -5, 3], [-128, 7, 2], [0, 0, 127]])
    assert ref.quantized_max_pool2d(x, (2, 2), (1, 1), (0, 0), (1, 1), False, -128, 127)[0, 0].tolist() == \
        [[7, 7], [7, 127]]
    # padding never wins: all-negative input with padding 1
    neg = nchw([[-100, -90], [-80, -70]])
    assert ref.quantized_max_pool2d(neg, (2, 2), (1, 1), (1, 1), (1, 1), False, -128, 127)[0, 0].tolist() == \
        [[-100, -90, -90], [-80, -70, -70], [-80, -70, -70]]
    assert ref.quantized_max_pool2d(x, (3, 3), (1, 1), (0, 0), (1, 1), False, -128, 100).item() == 100


def test_pad():
    x = np.array([[[[1, 2]]]], dtype=np.int8)          # [1, 1, 1, 2]
    out = ref.pad(x, [0, 0, 1, 1], [0, 0, 0, 2], -128)
    assert out.shape == (1, 1, 2, 5)
    assert out[0, 0].tolist() == [[-128, -128, -128, -128, -128], [-128, 1, 2, -128, -128]]
    assert np.array_equal(ref.pad(x, [0] * 4, [0] * 4, 5), x)
    # rank 2 aligns to the last two of CMSIS's four dims
    assert ref.pad(np.array([[3]], np.int8), [0, 0, 1, 0], [0, 0, 0, 1], 0).tolist() == [[0, 0], [3, 0]]
    with pytest.raises(ValueError):
        ref.pad(np.array([[3]], np.int8), [1, 0, 0, 0], [0, 0, 0, 0], 0)


def test_quantized_add():
    add = ref.quantized_add
    # inputs: (x - zp) << 20, * 0.5 -> (x - zp) * 2^19; output scale 0.5 * 2^-18 -> a + b
    unit = (ONE_HALF, 0)
    assert add(np.array([3, 100, -100]), 0, *unit, np.array([4, 100, -100]), 0, *unit,
               0, ONE_HALF, -18, -128, 127).tolist() == [7, 127, -128]
    # zero points: (13 - 10) + (4 - (-2)) + 5 = 14; activation bounds
    assert add(np.array([13]), 10, *unit, np.array([4]), -2, *unit, 5, ONE_HALF, -18, -128, 127).tolist() == [14]
    assert add(np.array([13]), 10, *unit, np.array([4]), -2, *unit, 5, ONE_HALF, -18, -128, 12).tolist() == [12]
    # output scale 0.5 * 2^-19 halves: (1 + 0) / 2 = 0.5 -> 1 and -0.5 -> -1 (second rounding away
    # from zero after an exact high multiply)
    assert add(np.array([1, -1]), 0, *unit, np.array([0, 0]), 0, *unit, 0, ONE_HALF, -19, -128, 127).tolist() == [1, -1]


def test_quantized_mul():
    mul = ref.quantized_mul
    assert mul(np.array([3, 10, -128]), 0, np.array([-4, 20, -128]), 0, 0, ONE_HALF, 1).tolist() == [-12, 127, 127]
    # (x - 1) * (y + 2) = 2 * 3 = 6, output zp -128 -> -122; at scale 0.25: 6 * 0.5 = 3, / 2 = 1.5 -> 2
    assert mul(np.array([3]), 1, np.array([1]), -2, -128, ONE_HALF, 1).tolist() == [-122]
    assert mul(np.array([3]), 1, np.array([1]), -2, 0, ONE_HALF, -1).tolist() == [2]
