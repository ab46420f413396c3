"""An independent numpy model of the `cortex_m::` (CMSIS-NN) int8 operators, and an
interpreter that runs a whole `.pte` method with it.

Written from the documented arithmetic (docs/arm-backends.md §8, pte-format.md §6.3) and
the published behaviour of the CMSIS-NN functions ExecuTorch calls -- deliberately not
from Wick's kernels, so that agreement between the two is evidence rather than an echo.

Conventions:
* Every operator takes and returns *logical* arrays (sizes in NCHW order, as the `.pte`
  declares them). The memory layout (dim_order) only matters to the interpreter, which
  models the planned memory arena byte for byte.
* Integer arithmetic is done in numpy int64, and the places where the 32-bit machine
  wraps (CMSIS-NN's int32 left shift and the int32 result of the doubling high multiply)
  are modelled explicitly with `wrap_int32`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Sequence

import numpy as np

from wick.pte.dtypes import NUMPY_DTYPE, array_from_bytes, array_to_bytes, nbytes

INT8_MIN, INT8_MAX = -128, 127


# --- the CMSIS-NN integer primitives -------------------------------------------------

def wrap_int32(x) -> np.ndarray:
    """Two's-complement wrap of int64 values to the int32 range (what a 32-bit register does)."""
    x = np.asarray(x, dtype=np.int64)
    return ((x + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def doubling_high_multiply(value, multiplier) -> np.ndarray:
    """High 32 bits of 2*value*multiplier, rounding half up (toward +inf), not saturated.

    value, multiplier are int32 numbers; the product is at most 2^62 so int64 holds it.
    """
    product = np.asarray(value, dtype=np.int64) * np.asarray(multiplier, dtype=np.int64)
    return wrap_int32((product + (1 << 30)) >> 31)


def rounding_divide_by_pow2(value, exponent) -> np.ndarray:
    """value / 2^exponent rounded to nearest, ties away from zero (exponent >= 0)."""
    value = np.asarray(value, dtype=np.int64)
    exponent = np.asarray(exponent, dtype=np.int64)
    if np.any(exponent < 0):
        raise ValueError("rounding_divide_by_pow2 needs a non-negative exponent")
    half = np.where(exponent > 0, np.left_shift(np.int64(1), np.maximum(exponent - 1, 0)), 0)
    magnitude = (np.abs(value) + half) >> exponent
    return np.where(value < 0, -magnitude, magnitude)


def requantize(acc, multiplier, shift) -> np.ndarray:
    """CMSIS-NN arm_nn_requantize: shift > 0 is a left shift before the multiply,
    shift < 0 a rounding right shift after it (two roundings, not TOSA's single one)."""
    acc = np.asarray(acc, dtype=np.int64)
    multiplier = np.asarray(multiplier, dtype=np.int64)
    shift = np.asarray(shift, dtype=np.int64)
    if np.any(shift > 31) or np.any(shift < -31):
        raise ValueError("CMSIS-NN shifts lie in [-31, 31]")
    left = np.maximum(shift, 0)
    right = np.maximum(-shift, 0)
    shifted = wrap_int32(acc * (np.int64(1) << left))
    return rounding_divide_by_pow2(doubling_high_multiply(shifted, multiplier), right)


def _to_int8(values, act_min: int, act_max: int) -> np.ndarray:
    if not INT8_MIN <= act_min <= act_max <= INT8_MAX:
        raise ValueError(f"activation bounds [{act_min}, {act_max}] are not an int8 range")
    return np.clip(values, act_min, act_max).astype(np.int8)


# --- boundary conversions --------------------------------------------------------------

def quantize_per_tensor(x, scale: float, zero_point: int, quant_min: int, quant_max: int) -> np.ndarray:
    """float32 -> int8: q = clamp(zp + round_half_even(x * (1.0f / float(scale)))).

    All float arithmetic is float32, as in the cortex_m kernel: the reciprocal of the
    scale is taken once in float32 and multiplied, not divided, per element.
    """
    x = np.asarray(x, dtype=np.float32)
    inv_scale = np.float32(1.0) / np.float32(scale)
    scaled = np.multiply(x, inv_scale, dtype=np.float32)
    q = np.rint(scaled).astype(np.int64) + int(zero_point)
    return np.clip(q, quant_min, quant_max).astype(np.int8)


def dequantize_per_tensor(q, scale: float, zero_point: int) -> np.ndarray:
    """int8 -> float32: float32(q - zp) * float32(scale), one float32 rounding."""
    centred = np.asarray(q, dtype=np.int64) - int(zero_point)
    return np.multiply(centred.astype(np.float32), np.float32(scale), dtype=np.float32)


# --- convolutions and linear ---------------------------------------------------------------

def _conv_out_size(size: int, kernel: int, stride: int, pad: int, dilation: int) -> int:
    return (size + 2 * pad - dilation * (kernel - 1) - 1) // stride + 1


def _windows(x_nhwc: np.ndarray, kernel_hw, stride, padding, dilation) -> np.ndarray:
    """[N, OH, OW, KH, KW, C] views of the offset-added, zero-padded NHWC input."""
    n, h, w, c = x_nhwc.shape
    kh, kw = kernel_hw
    oh = _conv_out_size(h, kh, stride[0], padding[0], dilation[0])
    ow = _conv_out_size(w, kw, stride[1], padding[1], dilation[1])
    if oh <= 0 or ow <= 0:
        raise ValueError("convolution window larger than the padded input")
    padded = np.zeros((n, h + 2 * padding[0], w + 2 * padding[1], c), dtype=np.int64)
    padded[:, padding[0]:padding[0] + h, padding[1]:padding[1] + w, :] = x_nhwc
    out = np.empty((n, oh, ow, kh, kw, c), dtype=np.int64)
    for i in range(kh):
        for j in range(kw):
            rows = i * dilation[0] + stride[0] * np.arange(oh)
            cols = j * dilation[1] + stride[1] * np.arange(ow)
            out[:, :, :, i, j, :] = padded[:, rows][:, :, cols]
    return out


def _finish(acc_nhwc, multipliers, shifts, output_offset, act_min, act_max) -> np.ndarray:
    """Per-channel requantize (last axis), add the output offset, clamp; NHWC -> NCHW."""
    scaled = requantize(acc_nhwc, multipliers, shifts) + int(output_offset)
    return _to_int8(scaled, act_min, act_max).transpose(0, 3, 1, 2)


def quantized_conv2d(x, weight, bias, stride, padding, dilation, input_offset: int,
                     output_offset: int, multipliers, shifts, act_min: int, act_max: int) -> np.ndarray:
    """arm_convolve_s8. x: logical int8 [N, C, H, W]; weight OHWI [OC, KH, KW, C];
    bias int32 [OC] or None. Padding contributes (zero point + input_offset) = 0.

    acc[oc] = sum((x + input_offset) * w[oc]) + bias[oc]
    out     = clamp(requantize(acc, mult[oc], shift[oc]) + output_offset)
    """
    x = np.asarray(x, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.int64)
    oc, kh, kw, ic = weight.shape
    if x.shape[1] != ic:
        raise ValueError(f"conv2d: input has {x.shape[1]} channels, weight expects {ic}")
    cols = _windows(x.transpose(0, 2, 3, 1) + int(input_offset), (kh, kw), stride, padding, dilation)
    acc = np.einsum("nyxijc,oijc->nyxo", cols, weight)
    if bias is not None:
        acc = acc + np.asarray(bias, dtype=np.int64)
    return _finish(acc, np.asarray(multipliers), np.asarray(shifts), output_offset, act_min, act_max)


def quantized_depthwise_conv2d(x, weight, bias, stride, padding, dilation, depth_multiplier: int,
                               input_offset: int, output_offset: int, multipliers, shifts,
                               act_min: int, act_max: int) -> np.ndarray:
    """arm_depthwise_conv_s8. weight [1, KH, KW, OC] with OC = C * depth_multiplier;
    output channel oc reads input channel oc // depth_multiplier."""
    x = np.asarray(x, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.int64)
    _, kh, kw, oc = weight.shape
    c = x.shape[1]
    if c * depth_multiplier != oc:
        raise ValueError(f"depthwise: {c} channels x multiplier {depth_multiplier} != {oc} outputs")
    cols = _windows(x.transpose(0, 2, 3, 1) + int(input_offset), (kh, kw), stride, padding, dilation)
    cols = cols[..., np.arange(oc) // depth_multiplier]          # [N, OH, OW, KH, KW, OC]
    acc = np.einsum("nyxijo,ijo->nyxo", cols, weight[0])
    if bias is not None:
        acc = acc + np.asarray(bias, dtype=np.int64)
    return _finish(acc, np.asarray(multipliers), np.asarray(shifts), output_offset, act_min, act_max)


def quantized_linear(x, weights, bias, kernel_sum, input_offset: int, filter_offset: int,
                     output_offset: int, multipliers, shifts, act_max: int, act_min: int) -> np.ndarray:
    """arm_fully_connected_s8. x [..., IN]; weights [OUT, IN].

    acc[n] = sum_j (x_j + input_offset) * (w_nj + filter_offset) + bias[n]
    A precomputed kernel_sum[n] (= input_offset * sum_j w_nj + bias[n], the MVE path)
    replaces the input-offset and bias terms; it needs filter_offset == 0.
    One multiplier/shift is per tensor; OUT of them are per output feature.
    """
    x = np.asarray(x, dtype=np.int64)
    w = np.asarray(weights, dtype=np.int64)
    out_features = w.shape[0]
    if kernel_sum is not None:
        if filter_offset != 0:
            raise ValueError("linear: kernel_sum needs symmetric weights (filter_offset 0)")
        acc = x @ w.T + np.asarray(kernel_sum, dtype=np.int64)
    else:
        acc = (x + int(input_offset)) @ (w + int(filter_offset)).T
        if bias is not None:
            acc = acc + np.asarray(bias, dtype=np.int64)
    multipliers = np.asarray(multipliers, dtype=np.int64)
    shifts = np.asarray(shifts, dtype=np.int64)
    if multipliers.size not in (1, out_features) or shifts.size != multipliers.size:
        raise ValueError("linear: need one multiplier/shift or one per output feature")
    scaled = requantize(acc, multipliers, shifts) + int(output_offset)
    return _to_int8(scaled, act_min, act_max)


# --- pooling, padding, elementwise ----------------------------------------------------------

def _pool_out_size(size: int, kernel: int, stride: int, pad: int, ceil_mode: bool) -> int:
    span = size + 2 * pad - kernel
    out = span // stride + 1
    if ceil_mode and span % stride != 0:
        out += 1
        if (out - 1) * stride >= size + pad:   # the last window would start in the padding
            out -= 1
    return out


def _pool(x, kernel_size, stride, padding, ceil_mode, reduce_window) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    n, c, h, w = x.shape
    oh = _pool_out_size(h, kernel_size[0], stride[0], padding[0], ceil_mode)
    ow = _pool_out_size(w, kernel_size[1], stride[1], padding[1], ceil_mode)
    out = np.empty((n, c, oh, ow), dtype=np.int64)
    for i in range(oh):
        y0 = i * stride[0] - padding[0]
        ys = slice(max(y0, 0), min(y0 + kernel_size[0], h))
        for j in range(ow):
            x0 = j * stride[1] - padding[1]
            xs = slice(max(x0, 0), min(x0 + kernel_size[1], w))
            window = x[:, :, ys, xs]                       # only in-bounds elements
            if window.shape[2] == 0 or window.shape[3] == 0:
                raise ValueError("pooling window lies entirely in the padding")
            out[:, :, i, j] = reduce_window(window.reshape(n, c, -1))
    return out


def divide_round_half_away(total, count) -> np.ndarray:
    """total / count rounded to nearest, ties away from zero (count > 0)."""
    total = np.asarray(total, dtype=np.int64)
    magnitude = (np.abs(total) * 2 + count) // (2 * count)
    return np.where(total < 0, -magnitude, magnitude)


def quantized_avg_pool2d(x, kernel_size, stride, padding, ceil_mode: bool,
                         act_min: int = INT8_MIN, act_max: int = INT8_MAX) -> np.ndarray:
    """arm_avgpool_s8: the mean of the in-bounds window elements (padding is not counted),
    rounded half away from zero, clamped. It works on raw int8 codes: input and output
    share their quantization, so the op's zero_point/multiplier/shift arguments do not
    enter the arithmetic (ExecuTorch's kernel does not pass them to CMSIS-NN)."""
    def mean(window):
        return divide_round_half_away(window.sum(axis=-1), window.shape[-1])
    return _to_int8(_pool(x, kernel_size, stride, padding, ceil_mode, mean), act_min, act_max)


def quantized_max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode: bool,
                         act_min: int, act_max: int) -> np.ndarray:
    """arm_max_pool_s8: max over the in-bounds window elements, then the activation clamp."""
    if tuple(dilation) != (1, 1):
        raise ValueError("max_pool2d: CMSIS-NN supports dilation 1 only")
    return _to_int8(_pool(x, kernel_size, stride, padding, ceil_mode,
                          lambda window: window.max(axis=-1)), act_min, act_max)


def pad(x, pre_pad: Sequence[int], post_pad: Sequence[int], pad_value: int) -> np.ndarray:
    """arm_pad_s8 over the tensor's dimensions as given (rank <= 4, right-aligned to
    CMSIS's 4 dims); new elements hold pad_value."""
    x = np.asarray(x)
    rank = x.ndim
    if not 1 <= rank <= 4 or len(pre_pad) != 4 or len(post_pad) != 4:
        raise ValueError("pad: rank 1..4 with 4 pre and 4 post amounts")
    if any(p != 0 for p in list(pre_pad[:4 - rank]) + list(post_pad[:4 - rank])):
        raise ValueError("pad: padding a dimension the tensor does not have")
    widths = [(int(pre_pad[4 - rank + d]), int(post_pad[4 - rank + d])) for d in range(rank)]
    return np.pad(x.astype(np.int8), widths, constant_values=np.int8(pad_value))


def quantized_add(a, a_zero_point: int, a_multiplier: int, a_shift: int,
                  b, b_zero_point: int, b_multiplier: int, b_shift: int,
                  out_zero_point: int, out_multiplier: int, out_shift: int,
                  act_min: int, act_max: int, left_shift: int = 20) -> np.ndarray:
    """arm_elementwise_add_s8 (TFLite scheme): each input is centred, scaled up by
    2^20, requantized to the common scale; the sum is requantized to the output."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    a_scaled = requantize((a - a_zero_point) << left_shift, a_multiplier, a_shift)
    b_scaled = requantize((b - b_zero_point) << left_shift, b_multiplier, b_shift)
    total = requantize(a_scaled + b_scaled, out_multiplier, out_shift) + out_zero_point
    return _to_int8(total, act_min, act_max)


def quantized_mul(a, a_zero_point: int, b, b_zero_point: int, out_zero_point: int,
                  out_multiplier: int, out_shift: int) -> np.ndarray:
    """arm_elementwise_mul_s8: (a - zp_a) * (b - zp_b), requantized, full int8 range."""
    product = (np.asarray(a, dtype=np.int64) - a_zero_point) * (np.asarray(b, dtype=np.int64) - b_zero_point)
    return _to_int8(requantize(product, out_multiplier, out_shift) + out_zero_point, INT8_MIN, INT8_MAX)


# --- the program interpreter ----------------------------------------------------------------

def _kernel_table() -> Dict[str, Callable]:
    """op name -> f(args) where args are resolved values, without the trailing out, out."""
    def conv(a):
        (x, w, bias, stride, padding, dilation, in_off, out_off, mult, shift, lo, hi, _scratch) = a
        return quantized_conv2d(x, w, bias, stride, padding, dilation, in_off, out_off, mult, shift, lo, hi)

    def depthwise(a):
        (x, w, bias, stride, padding, dilation, dm, in_off, out_off, mult, shift, lo, hi, _scratch) = a
        return quantized_depthwise_conv2d(x, w, bias, stride, padding, dilation, dm, in_off, out_off,
                                          mult, shift, lo, hi)

    def avg_pool(a):
        (x, kernel, stride, padding, ceil_mode, _zp, _mult, _shift, _scratch) = a
        return quantized_avg_pool2d(x, kernel, stride, padding, ceil_mode)

    def linear(a):
        (x, w, bias, kernel_sum, in_off, w_off, out_off, mult, shift, hi, lo) = a
        return quantized_linear(x, w, bias, kernel_sum, in_off, w_off, out_off, mult, shift, hi, lo)

    def quantize(a):
        (x, scale, zp, qmin, qmax, _dtype) = a
        return quantize_per_tensor(x, scale, zp, qmin, qmax)

    def dequantize(a):
        (q, scale, zp, _qmin, _qmax, _dtype) = a[:6]
        return dequantize_per_tensor(q, scale, zp)

    def max_pool(a):
        (x, kernel, stride, padding, dilation, ceil_mode, in_zp, out_zp, lo, hi) = a
        if in_zp != out_zp:
            raise ValueError("max_pool2d: arm_max_pool_s8 cannot change the zero point")
        return quantized_max_pool2d(x, kernel, stride, padding, dilation, ceil_mode, lo, hi)

    def clone_dim_order(a):
        return np.array(a[0], copy=True)   # values are logical: a layout change is a copy

    return {
        "cortex_m::quantize_per_tensor.out": quantize,
        "cortex_m::dequantize_per_tensor.out": dequantize,
        "cortex_m::quantized_conv2d.out": conv,
        "cortex_m::quantized_depthwise_conv2d.out": depthwise,
        "cortex_m::quantized_avg_pool2d.out": avg_pool,
        "cortex_m::quantized_linear.out": linear,
        "cortex_m::quantized_max_pool2d.out": max_pool,
        "cortex_m::quantized_add.out": lambda a: quantized_add(*a),
        "cortex_m::quantized_mul.out": lambda a: quantized_mul(*a),
        "cortex_m::pad.out": lambda a: pad(a[0], a[1], a[2], a[3]),
        "dim_order_ops::_clone_dim_order.out": clone_dim_order,
    }


@dataclass
class Step:
    """One executed KernelCall: its op, the value index it wrote, and a copy of the result."""
    index: int
    op: str
    out_value: int
    result: np.ndarray


@dataclass
class Trace:
    outputs: List[np.ndarray]
    steps: List[Step] = field(default_factory=list)


class ProgramInterpreter:
    """Runs a method's KernelCalls in order with the numpy operators above.

    Planned tensors live in simulated memory arenas (memory_id, offset, dim_order bytes),
    so tensors the planner placed on the same bytes (e.g. a [1,64,1,1] pool output read
    back as the [1,64] linear input with no op between them) behave as on a device.
    """

    def __init__(self, pte, method: str = "forward"):
        self.pte = pte
        self.plan = pte.method(method)
        self.kernels = _kernel_table()

    # value access ---------------------------------------------------------------------
    def _tensor_location(self, tensor):
        info = tensor.allocation_info
        if info is None:
            return None
        offset = info.memory_offset_low | (info.memory_offset_high << 32)
        return info.memory_id, offset, nbytes(tensor.scalar_type, tensor.sizes)

    def _read_tensor(self, tensor, arenas) -> np.ndarray:
        location = self._tensor_location(tensor)
        if location is None:
            data = self.pte.tensor_data(tensor)
            if data is None:
                raise ValueError("tensor has neither constant data nor a planned location")
        else:
            memory_id, offset, size = location
            data = arenas[memory_id][offset:offset + size]
        return array_from_bytes(data, tensor.scalar_type, tensor.sizes, tensor.dim_order)

    def _write_tensor(self, tensor, value: np.ndarray, arenas) -> None:
        if list(value.shape) != [int(s) for s in tensor.sizes]:
            raise ValueError(f"result shape {list(value.shape)} != planned {list(tensor.sizes)}")
        memory_id, offset, size = self._tensor_location(tensor)
        raw = array_to_bytes(value.astype(NUMPY_DTYPE[tensor.scalar_type]), tensor.dim_order)
        arenas[memory_id][offset:offset + size] = raw

    def _resolve(self, index: int, arenas):
        val = self.plan.values[index].val
        kind = type(val).__name__
        if kind == "Tensor":
            return self._read_tensor(val, arenas)
        if kind == "Int":
            return int(val.int_val)
        if kind == "Double":
            return float(val.double_val)
        if kind == "Bool":
            return bool(val.bool_val)
        if kind == "IntList":     # items are indices of boxed Int values
            return [int(self.plan.values[i].val.int_val) for i in val.items]
        if kind == "Null":
            return None
        raise NotImplementedError(f"value kind {kind} at index {index}")

    # execution --------------------------------------------------------------------------
    def run(self, inputs: Sequence[np.ndarray]) -> Trace:
        sizes = self.plan.non_const_buffer_sizes
        arenas = {i: bytearray(int(s)) for i, s in enumerate(sizes)}
        if len(inputs) != len(self.plan.inputs):
            raise ValueError(f"method takes {len(self.plan.inputs)} inputs, got {len(inputs)}")
        for index, value in zip(self.plan.inputs, inputs):
            self._write_tensor(self.plan.values[index].val, np.asarray(value), arenas)

        trace = Trace(outputs=[])
        for k, instruction in enumerate(self.plan.chains[0].instructions):
            call = instruction.instr_args
            if type(call).__name__ != "KernelCall":
                raise NotImplementedError(f"instruction {k} is a {type(call).__name__}")
            operator = self.plan.operators[call.op_index]
            name = operator.name + ("." + operator.overload if operator.overload else "")
            if name not in self.kernels:
                raise NotImplementedError(f"instruction {k}: no reference for {name}")
            out_index = call.args[-1]
            if call.args[-2] != out_index:
                raise ValueError(f"instruction {k}: expected [..., out, out] arguments")
            args = [self._resolve(i, arenas) for i in call.args[:-2]]
            result = self.kernels[name](args)
            self._write_tensor(self.plan.values[out_index].val, result, arenas)
            trace.steps.append(Step(k, name, out_index, np.array(result, copy=True)))

        trace.outputs = [self._resolve(i, arenas) for i in self.plan.outputs]
        return trace
