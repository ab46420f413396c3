"""quantized_decomposed:: (and cortex_m:: quantize/dequantize) operators as torch formulas.

torch 1.13 does not ship torch.ops.quantized_decomposed, so the reference formulas of
the decomposed quantization ops are written out here:
  quantize:   clamp(round(x * (1 / scale)) + zero_point, quant_min, quant_max) -> dtype
  dequantize: (q - zero_point) * scale, computed in float32
`round` is round-half-to-even, as torch.round and std::nearbyint.
"""

import torch

from .ops import OpCall, register
from .tensors import OracleError


def _quantize(x, scale, zero_point, quant_min, quant_max, dtype):
    inv_scale = 1.0 / scale
    q = torch.round(x.to(torch.float32) * inv_scale) + zero_point
    return torch.clamp(q, quant_min, quant_max).to(dtype)


def _dequantize(q, scale, zero_point, dtype):
    return ((q.to(torch.float32) - zero_point) * scale).to(dtype)


def _channel_shape(x, axis):
    shape = [1] * x.dim()
    shape[axis % x.dim()] = x.shape[axis % x.dim()]
    return shape


@register("quantized_decomposed::quantize_per_tensor.out", "quantized_decomposed::quantize_per_tensor.Tensor_out")
def quantize_per_tensor(call: OpCall):
    # (input, scale, zero_point, quant_min, quant_max, dtype, *, out)
    call.expect_arity(7, 1)
    x, scale, zp, qmin, qmax = call.args[:5]
    scale, zp = _as_float(scale), _as_int(zp)
    return {6: _quantize(x, scale, zp, qmin, qmax, call.out_dtype(6))}


@register("quantized_decomposed::dequantize_per_tensor.out", "quantized_decomposed::dequantize_per_tensor.Tensor_out")
def dequantize_per_tensor(call: OpCall):
    # (input, scale, zero_point, quant_min, quant_max, dtype, *, out_dtype?, out)
    call.expect_arity(8, 1)
    q, scale, zp = call.args[:3]
    return {7: _dequantize(q, _as_float(scale), _as_int(zp), call.out_dtype(7))}


@register("cortex_m::quantize_per_tensor.out")
def cortex_m_quantize_per_tensor(call: OpCall):
    # (input, scale, zero_point, quant_min, quant_max, dtype, *, out)
    call.expect_arity(7, 1)
    x, scale, zp, qmin, qmax = call.args[:5]
    return {6: _quantize(x, float(scale), int(zp), qmin, qmax, call.out_dtype(6))}


@register("cortex_m::dequantize_per_tensor.out")
def cortex_m_dequantize_per_tensor(call: OpCall):
    # (input, scale, zero_point, quant_min, quant_max, dtype, *, out)
    call.expect_arity(7, 1)
    q, scale, zp = call.args[:3]
    return {6: _dequantize(q, float(scale), int(zp), call.out_dtype(6))}


@register("quantized_decomposed::quantize_per_channel.out")
def quantize_per_channel(call: OpCall):
    # (input, scales, zero_points, axis, quant_min, quant_max, dtype, *, out)
    call.expect_arity(8, 1)
    x, scales, zps, axis, qmin, qmax = call.args[:6]
    shape = _channel_shape(x, axis)
    scale = scales.to(torch.float64).reshape(shape)
    q = torch.round(x.to(torch.float32) * (1.0 / scale).to(torch.float32)) + zps.reshape(shape)
    return {7: torch.clamp(q, qmin, qmax).to(call.out_dtype(7))}


@register("quantized_decomposed::dequantize_per_channel.out")
def dequantize_per_channel(call: OpCall):
    # (input, scales, zero_points?, axis, quant_min, quant_max, dtype, *, out_dtype?, out)
    call.expect_arity(9, 1)
    q, scales, zps, axis = call.args[:4]
    shape = _channel_shape(q, axis)
    zp = zps.reshape(shape) if zps is not None else 0
    out = (q.to(torch.float32) - zp) * scales.to(torch.float32).reshape(shape)
    return {8: out.to(call.out_dtype(8))}


@register("quantized_decomposed::choose_qparams.Tensor_out")
def choose_qparams(call: OpCall):
    # (input, quant_min, quant_max, eps, dtype, *, scale_out, zero_point_out)
    call.expect_arity(7, 2)
    x, qmin, qmax, eps = call.args[:4]
    min_val = torch.clamp(x.min(), max=0.0).to(torch.float64)
    max_val = torch.clamp(x.max(), min=0.0).to(torch.float64)
    scale = torch.clamp((max_val - min_val) / float(qmax - qmin), min=eps)
    zero_point = torch.clamp(qmin - torch.round(min_val / scale), qmin, qmax)
    return {5: scale.reshape(1).to(call.out_dtype(5)), 6: zero_point.reshape(1).to(call.out_dtype(6))}


@register("quantized_decomposed::add.out")
def quantized_add(call: OpCall):
    # (a, a_scale, a_zp, a_qmin, a_qmax, b, b_scale, b_zp, b_qmin, b_qmax,
    #  out_scale, out_zp, out_qmin, out_qmax, *, out)
    call.expect_arity(15, 1)
    a, a_scale, a_zp, _, _, b, b_scale, b_zp, _, _, out_scale, out_zp, out_qmin, out_qmax = call.args[:14]
    total = _dequantize(a, a_scale, a_zp, torch.float32) + _dequantize(b, b_scale, b_zp, torch.float32)
    return {14: _quantize(total, out_scale, out_zp, out_qmin, out_qmax, call.out_dtype(14))}


@register("quantized_decomposed::embedding_byte.out")
def embedding_byte(call: OpCall):
    # (weight, weight_scales, weight_zero_points?, weight_quant_min, weight_quant_max, indices, *, out)
    call.expect_arity(7, 1)
    weight, scales, zps, _, _, indices = call.args[:6]
    groups = 1 if scales.dim() == 1 else scales.shape[1]
    rows, cols = weight.shape
    if cols % groups:
        raise OracleError(f"{call.name}: {cols} columns do not split into {groups} groups")
    w = weight.to(torch.float32).reshape(rows, groups, cols // groups)
    zp = zps.to(torch.float32).reshape(rows, groups, 1) if zps is not None else 0.0
    table = ((w - zp) * scales.to(torch.float32).reshape(rows, groups, 1)).reshape(rows, cols)
    return {6: table[indices.to(torch.int64)].to(call.out_dtype(6))}


def _as_float(value) -> float:
    return float(value.reshape(-1)[0]) if isinstance(value, torch.Tensor) else float(value)


def _as_int(value) -> int:
    return int(value.reshape(-1)[0]) if isinstance(value, torch.Tensor) else int(value)
