"""Quantization operators as real torch operators, so quantized graphs still run in torch.

* ``quantized_decomposed::`` quantize/dequantize (per tensor, per channel): the
  reference representation ``convert_pt2e`` produces (the fake-quant simulation).
* ``cortex_m::`` functional forms of ExecuTorch's CMSIS-NN operators
  (pte-format.md §6.3) with integer torch implementations of CMSIS-NN's
  arithmetic, producing NHWC (channels_last) tensors as the kernels do. Each is
  registered with its ``.out`` schema in ``wick.exir.edge_ops.OUT_SCHEMAS``, the
  map the emitter writes into the .pte. Work buffers (``Tensor scratch``) are not
  functional arguments: the lowering records their sizes in
  ``node.meta[wick.exir.emitter.SCRATCH_KEY]`` and the emitter adds planned ``uint8`` tensors.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.library import Library

from wick.exir.edge_ops import OUT_SCHEMAS

from .multiplier import ADD_LEFT_SHIFT, SOFTMAX_DIFF_INTEGER_BITS, requantize

_qd = Library("quantized_decomposed", "DEF")
_cm = Library("cortex_m", "DEF")

_qd.define("quantize_per_tensor(Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType dtype) -> Tensor")
_qd.define("dequantize_per_tensor(Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType dtype) -> Tensor")
_qd.define(
    "dequantize_per_channel(Tensor input, Tensor scales, Tensor zero_points, int axis, int quant_min, int quant_max, "
    "ScalarType dtype) -> Tensor"
)


def _quantize(x, scale, zero_point, quant_min, quant_max, dtype):
    """clamp(round_half_even(x * float32(1 / scale)) + zp): the cortex_m kernel's float32 arithmetic."""
    inv_scale = torch.tensor(1.0, dtype=torch.float32) / torch.tensor(scale, dtype=torch.float32)
    q = torch.round(x.to(torch.float32) * inv_scale) + zero_point
    return torch.clamp(q, quant_min, quant_max).to(dtype)


def _dequantize(q, scale, zero_point, quant_min, quant_max, dtype):
    return (q.to(torch.int32) - zero_point).to(torch.float32) * torch.tensor(scale, dtype=torch.float32)


def _dequantize_per_channel(q, scales, zero_points, axis, quant_min, quant_max, dtype):
    shape = [1] * q.dim()
    shape[axis] = -1
    centred = q.to(torch.float64) - zero_points.reshape(shape).to(torch.float64)
    return (centred * scales.reshape(shape).to(torch.float64)).to(torch.float32)


_qd.impl("quantize_per_tensor", _quantize, "CompositeExplicitAutograd")
_qd.impl("dequantize_per_tensor", _dequantize, "CompositeExplicitAutograd")
_qd.impl("dequantize_per_channel", _dequantize_per_channel, "CompositeExplicitAutograd")

# ---- cortex_m:: -------------------------------------------------------------------------

_CORTEX_M = {
    # name: (functional arguments, extra out-schema arguments before `*`)
    "quantize_per_tensor": ("Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType dtype", ""),
    "dequantize_per_tensor": ("Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType dtype", ""),
    "quantized_add": (
        "Tensor self, int self_zero_point, int self_multiplier, int self_shift, Tensor other, int other_zero_point, "
        "int other_multiplier, int other_shift, int output_zero_point, int output_multiplier, int output_shift, "
        "int activation_min, int activation_max",
        "",
    ),
    "quantized_mul": (
        "Tensor self, int self_zero_point, Tensor other, int other_zero_point, int output_zero_point, "
        "int output_multiplier, int output_shift",
        "",
    ),
    "quantized_linear": (
        "Tensor input, Tensor weights, Tensor? bias, Tensor? kernel_sum, int input_offset, int filter_offset, "
        "int output_offset, int[] requantize_multipliers, int[] requantize_shifts, int activation_max, int activation_min",
        "",
    ),
    "quantized_conv2d": (
        "Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, int input_offset, "
        "int output_offset, Tensor requantize_multipliers, Tensor requantize_shifts, int activation_min, int activation_max",
        ", Tensor scratch",
    ),
    "quantized_depthwise_conv2d": (
        "Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, int depth_multiplier, "
        "int input_offset, int output_offset, Tensor requantize_multipliers, Tensor requantize_shifts, "
        "int activation_min, int activation_max",
        ", Tensor scratch",
    ),
    "quantized_avg_pool2d": (
        "Tensor input, int[] kernel_size, int[] stride, int[] padding, bool ceil_mode, int zero_point, int multiplier, int shift",
        ", Tensor scratch",
    ),
    "quantized_max_pool2d": (
        "Tensor input, int[] kernel_size, int[] stride, int[] padding, int[] dilation, bool ceil_mode, "
        "int input_zero_point, int output_zero_point, int activation_min, int activation_max",
        "",
    ),
    "softmax": (
        "Tensor input, int dim, int input_zero_point, int output_zero_point, int input_multiplier, int input_shift, "
        "int diff_min",
        "",
    ),
    "pad": ("Tensor input, int[] pre_pad, int[] post_pad, int pad_value", ""),
    "quantized_activation": ("Tensor input, Tensor lut", ""),
}


def _nhwc(t: torch.Tensor) -> torch.Tensor:
    return t.contiguous(memory_format=torch.channels_last)


def _like(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    """``out`` in ``x``'s layout (NHWC stays NHWC)."""
    if x.dim() == 4 and x.is_contiguous(memory_format=torch.channels_last) and not x.is_contiguous():
        return _nhwc(out)
    return out


def _to_int8(values: torch.Tensor, act_min: int, act_max: int) -> torch.Tensor:
    return values.clamp(act_min, act_max).to(torch.int8)


def _conv_acc(x, weight_oihw, bias, stride, padding, dilation, input_offset, groups):
    """Exact int32 accumulators: float64 holds every partial sum of int8 products exactly."""
    centred = x.to(torch.float64) + input_offset
    acc = F.conv2d(centred, weight_oihw.to(torch.float64), None, stride, padding, dilation, groups)
    acc = torch.round(acc).to(torch.int64)
    if bias is not None:
        acc = acc + bias.to(torch.int64).reshape(1, -1, 1, 1)
    return acc


def _requantize_channels(acc, multipliers, shifts, output_offset, act_min, act_max):
    shape = (1, -1, 1, 1)
    out = requantize(acc, multipliers.to(torch.int64).reshape(shape), shifts.to(torch.int64).reshape(shape))
    return _nhwc(_to_int8(out + output_offset, act_min, act_max))


def _conv2d(x, weight, bias, stride, padding, dilation, input_offset, output_offset, mults, shifts, act_min, act_max):
    acc = _conv_acc(x, weight.permute(0, 3, 1, 2), bias, stride, padding, dilation, input_offset, 1)
    return _requantize_channels(acc, mults, shifts, output_offset, act_min, act_max)


def _depthwise_conv2d(x, weight, bias, stride, padding, dilation, depth_multiplier, input_offset, output_offset,
                      mults, shifts, act_min, act_max):
    weight_oihw = weight.permute(3, 0, 1, 2)  # [1, KH, KW, C_out] -> [C_out, 1, KH, KW]
    acc = _conv_acc(x, weight_oihw, bias, stride, padding, dilation, input_offset, x.shape[1])
    return _requantize_channels(acc, mults, shifts, output_offset, act_min, act_max)


def _linear(x, weights, bias, kernel_sum, input_offset, filter_offset, output_offset, mults, shifts, act_max, act_min):
    centred = x.to(torch.float64) + input_offset
    acc = torch.round(centred @ (weights.to(torch.float64) + filter_offset).t()).to(torch.int64)
    if bias is not None:
        acc = acc + bias.to(torch.int64)
    elif kernel_sum is not None:
        acc = acc + kernel_sum.to(torch.int64)
    out = requantize(acc, torch.tensor(mults), torch.tensor(shifts))
    return _to_int8(out + output_offset, act_min, act_max)


def _add(a, a_zp, a_mult, a_shift, b, b_zp, b_mult, b_shift, out_zp, out_mult, out_shift, act_min, act_max):
    a_scaled = requantize((a.to(torch.int64) - a_zp) * (1 << ADD_LEFT_SHIFT), a_mult, a_shift)
    b_scaled = requantize((b.to(torch.int64) - b_zp) * (1 << ADD_LEFT_SHIFT), b_mult, b_shift)
    out = _to_int8(requantize(a_scaled + b_scaled, out_mult, out_shift) + out_zp, act_min, act_max)
    return _nhwc(out) if out.dim() == 4 else out


def _mul(a, a_zp, b, b_zp, out_zp, out_mult, out_shift):
    product = (a.to(torch.int64) - a_zp) * (b.to(torch.int64) - b_zp)
    out = _to_int8(requantize(product, out_mult, out_shift) + out_zp, -128, 127)
    return _nhwc(out) if out.dim() == 4 else out


def _lut(x, lut):
    """out = lut[x + 128] (a 256-entry table built ahead of time)."""
    return _like(x, torch.take(lut, x.to(torch.int64) + 128))


def _avg_pool2d(x, kernel_size, stride, padding, ceil_mode, zero_point, multiplier, shift):
    """Mean of the in-bounds window elements, rounded half away from zero (arm_avgpool_s8)."""
    total = F.avg_pool2d(x.to(torch.float64), kernel_size, stride, padding, ceil_mode, False, 1)
    count = F.avg_pool2d(torch.ones_like(x, dtype=torch.float64), kernel_size, stride, padding, ceil_mode, False, 1)
    total, count = torch.round(total).to(torch.int64), torch.round(count).to(torch.int64)
    magnitude = torch.div(total.abs() * 2 + count, 2 * count, rounding_mode="floor")
    return _nhwc(_to_int8(torch.where(total < 0, -magnitude, magnitude), -128, 127))


def _max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode, in_zp, out_zp, act_min, act_max):
    out = F.max_pool2d(x.to(torch.float32), kernel_size, stride, padding, dilation, ceil_mode)
    return _nhwc(_to_int8(out, act_min, act_max))


def _softmax(x, dim, in_zp, out_zp, in_mult, in_shift, diff_min):
    """Float model of arm_softmax_s8 (for shapes and a close value; not bit-exact)."""
    scale = in_mult / float(1 << 31) * 2.0 ** in_shift / float(1 << (31 - SOFTMAX_DIFF_INTEGER_BITS))
    probabilities = torch.softmax(x.to(torch.float32) * scale, dim)
    return _to_int8(torch.round(probabilities * 256.0) + out_zp, -128, 127)


def _pad(x, pre_pad, post_pad, pad_value):
    rank = x.dim()
    widths = []
    for d in reversed(range(rank)):  # F.pad lists the last dimension first
        widths += [pre_pad[4 - rank + d], post_pad[4 - rank + d]]
    out = F.pad(x.to(torch.int32), widths, value=pad_value).to(torch.int8)
    return _nhwc(out) if rank == 4 and x.is_contiguous(memory_format=torch.channels_last) else out


_IMPLS = {
    "quantize_per_tensor": _quantize,
    "dequantize_per_tensor": _dequantize,
    "quantized_add": _add,
    "quantized_mul": _mul,
    "quantized_linear": _linear,
    "quantized_conv2d": _conv2d,
    "quantized_depthwise_conv2d": _depthwise_conv2d,
    "quantized_avg_pool2d": _avg_pool2d,
    "quantized_max_pool2d": _max_pool2d,
    "softmax": _softmax,
    "pad": _pad,
    "quantized_activation": _lut,
}

for _name, (_arguments, _extra) in _CORTEX_M.items():
    _cm.define(f"{_name}({_arguments}) -> Tensor")
    _cm.impl(_name, _IMPLS[_name], "CompositeExplicitAutograd")
    OUT_SCHEMAS[getattr(torch.ops.cortex_m, _name).default] = (
        f"cortex_m::{_name}.out({_arguments}{_extra}, *, Tensor(a!) out) -> Tensor(a!)"
    )

quantize_per_tensor = torch.ops.quantized_decomposed.quantize_per_tensor.default
dequantize_per_tensor = torch.ops.quantized_decomposed.dequantize_per_tensor.default
dequantize_per_channel = torch.ops.quantized_decomposed.dequantize_per_channel.default
cortex_m = torch.ops.cortex_m

CORTEX_M_OUT_OPS = frozenset(f"cortex_m::{name}.out" for name in _CORTEX_M)
