"""The int8 .pte Wick writes follows ExecuTorch's cortex_m:: conventions (pte-format.md §6.3),
as seen in ExecuTorch's own KeywordSpotting program:
* argument counts of the current schemas (scratch tensors included);
* int8 (CHAR) weights, conv weights OHWI, depthwise weights [1, KH, KW, C_out];
* int32 (INT) biases and per-channel multiplier/shift tensors; linear's as int lists;
* activations NHWC through dim_order [0, 2, 3, 1];
* scratch buffers are planned BYTE tensors with CMSIS-NN's (DSP) sizes.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from wick.export import export
from wick.pte import deserialize_pte
from wick.pte import schema as S
from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m
from wick.quantization.multiplier import quantize_multiplier
from wick.quantization.ops import dequantize_per_channel, quantize_per_tensor

ARG_COUNTS = {
    "cortex_m::quantize_per_tensor.out": 8,
    "cortex_m::dequantize_per_tensor.out": 8,
    "cortex_m::quantized_conv2d.out": 15,
    "cortex_m::quantized_depthwise_conv2d.out": 16,
    "cortex_m::quantized_linear.out": 13,
    "cortex_m::quantized_add.out": 15,
    "cortex_m::quantized_mul.out": 9,
    "cortex_m::quantized_avg_pool2d.out": 11,
    "cortex_m::quantized_max_pool2d.out": 12,
    "cortex_m::softmax.out": 9,
    "cortex_m::pad.out": 6,
}


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.dw = nn.Conv2d(8, 8, 5, padding=2, groups=8)
        self.fc = nn.Linear(8 * 6 * 6, 5)

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = F.max_pool2d(x + self.dw(x), 2)
        x = F.avg_pool2d(F.pad(x * x, (1, 1, 1, 1)), 3, stride=1)
        return torch.softmax(self.fc(torch.flatten(x, 1)), dim=-1)


def _program():
    torch.manual_seed(0)
    model = Net().eval()
    data = [torch.randn(1, 3, 12, 12) for _ in range(8)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    converted = convert_pt2e(prepared)
    manager = to_cortex_m(converted, report=lambda line: None).to_executorch()
    pte = deserialize_pte(manager.buffer)
    return converted, pte.method("forward"), pte


def _calls(plan):
    for instruction in plan.chains[0].instructions:
        call = instruction.instr_args
        op = plan.operators[call.op_index]
        yield f"{op.name}.{op.overload}", [plan.values[i].val for i in call.args]


def _ints(plan, value):
    return [plan.values[i].val.int_val for i in value.items]


def test_cortex_m_calls_follow_the_current_schemas():
    _, plan, _ = _program()
    seen = set()
    for name, args in _calls(plan):
        if name in ARG_COUNTS:
            assert len(args) == ARG_COUNTS[name], name
            assert args[-1] is args[-2]  # out, then the return value repeated
            seen.add(name)
    assert seen == set(ARG_COUNTS)


def test_tensors_have_executorch_dtypes_layouts_and_scratch():
    _, plan, _ = _program()
    calls = dict((name, args) for name, args in _calls(plan))
    nhwc = [0, 2, 3, 1]

    x, weight, bias, stride, padding, dilation, in_off, out_off, mults, shifts, lo, hi, scratch, out, _ = \
        calls["cortex_m::quantized_conv2d.out"]
    assert weight.scalar_type == S.ScalarType.CHAR and list(weight.sizes) == [8, 3, 3, 3]  # OHWI
    assert bias.scalar_type == S.ScalarType.INT and list(bias.sizes) == [8]
    assert mults.scalar_type == S.ScalarType.INT and shifts.scalar_type == S.ScalarType.INT
    assert list(out.dim_order) == nhwc and out.scalar_type == S.ScalarType.CHAR
    assert (lo, hi) != (None, None) and lo.int_val >= -128 and hi.int_val == 127
    assert scratch.scalar_type == S.ScalarType.BYTE and scratch.allocation_info is not None
    assert list(scratch.sizes) == [2 * 3 * 3 * 3 * 2]  # arm_convolve_s8 (DSP): int16 im2col of two columns

    dw = calls["cortex_m::quantized_depthwise_conv2d.out"]
    assert list(dw[1].sizes) == [1, 5, 5, 8] and dw[6].int_val == 1  # depth multiplier
    assert list(dw[13].sizes) == [8 * 5 * 5 * 2]  # arm_depthwise_conv_s8_opt buffer

    pool = calls["cortex_m::quantized_avg_pool2d.out"]
    assert list(pool[8].sizes) == [8 * 4] and pool[8].allocation_info is not None  # one int32 per channel
    assert list(pool[9].dim_order) == nhwc

    linear = calls["cortex_m::quantized_linear.out"]
    assert isinstance(linear[7], S.IntList) and len(linear[7].items) == 5  # per-channel multipliers
    assert linear[3] is not None and type(linear[3]).__name__ == "Null"  # no kernel_sum: the bias is used


def test_requantization_parameters_are_the_scales_ratio():
    converted, plan, pte = _program()
    q_nodes = [n for n in converted.graph.nodes if n.target is quantize_per_tensor]
    in_scale = q_nodes[0].args[1]
    weight_scales = next(n for n in converted.graph.nodes if n.target is dequantize_per_channel)
    w_scales = getattr(converted.graph_module, weight_scales.args[1].target)
    out_scale = q_nodes[1].args[1]  # the conv+relu output
    calls = dict(_calls(plan))
    conv = calls["cortex_m::quantized_conv2d.out"]
    multipliers = np.frombuffer(pte.tensor_data(conv[8]), dtype=np.int32).tolist()
    shifts = np.frombuffer(pte.tensor_data(conv[9]), dtype=np.int32).tolist()
    expected = [quantize_multiplier(float(in_scale * s / out_scale)) for s in w_scales]
    assert list(zip(multipliers, shifts)) == expected
    assert conv[6].int_val == -q_nodes[0].args[2] and conv[7].int_val == q_nodes[1].args[2]


def _tiny_rps_programs(tmp_path, monkeypatch):
    """TinyRPS int8 with int8 logits, lowered with and without folding the NHWC flatten and the input offset
    into fc1/fc2 (as .pte paths), and the folded program's calls."""
    import pytest

    from wick.models import TinyRPS
    from wick.passes.lower_cortex_m_compute import ComputePatterns

    runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")
    torch.manual_seed(0)
    model = TinyRPS().eval()
    generator = torch.Generator().manual_seed(1)
    data = [torch.rand(1, 1, 28, 28, generator=generator) for _ in range(16)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig(int8_io=True))
    calibrate(prepared, data, progress=False)
    converted = convert_pt2e(prepared)
    folded = to_cortex_m(converted, report=lambda line: None)
    with monkeypatch.context() as patch:
        patch.setattr(ComputePatterns, "_flatten_nhwc", lambda self, x, w_q, before: (x, w_q))
        patch.setattr(ComputePatterns, "_fold_input_offset",
                      staticmethod(lambda bias, w_q, offset: (None if bias is None else bias.to(torch.int32), offset)))
        plain = to_cortex_m(converted, report=lambda line: None)
    paths = []
    for name, edge in (("folded", folded), ("plain", plain)):
        paths.append(tmp_path / f"{name}.pte")
        edge.to_executorch().save(str(paths[-1]))
    plan = deserialize_pte(paths[0].read_bytes()).method("forward")
    return runtime, paths, list(_calls(plan)), list(_calls(deserialize_pte(paths[1].read_bytes()).method("forward")))


def test_flatten_of_nhwc_folds_into_fc1_weights_with_identical_int8_logits(tmp_path, monkeypatch):
    runtime, (folded, plain), calls, plain_calls = _tiny_rps_programs(tmp_path, monkeypatch)
    names = [name for name, _ in calls]
    # No NHWC -> NCHW layout clone before fc1: the flatten reads the pooled NHWC bytes in their own order.
    assert "dim_order_ops::_clone_dim_order.out" in [name for name, _ in plain_calls]
    assert "dim_order_ops::_clone_dim_order.out" not in names
    # The flatten is not even a copy: fc1 reads the pool's output memory as [1, H*W*C].
    assert "aten::permute_copy.out" not in names and "aten::view_copy.out" not in names
    pool = [args for name, args in calls if name == "cortex_m::quantized_max_pool2d.out"][-1][-1]
    fc1 = next(args for name, args in calls if name == "cortex_m::quantized_linear.out")[0]
    assert list(pool.dim_order) == [0, 2, 3, 1] and list(fc1.sizes) == [1, 7 * 7 * 64]
    assert (fc1.allocation_info.memory_id, fc1.allocation_info.memory_offset_low) == \
        (pool.allocation_info.memory_id, pool.allocation_info.memory_offset_low)
    # Both linears take the input offset folded into their bias.
    for name, args in calls:
        if name == "cortex_m::quantized_linear.out":
            assert args[4].int_val == 0 and args[2].scalar_type == S.ScalarType.INT
    a, b = runtime.load(str(folded)), runtime.load(str(plain))
    generator = torch.Generator().manual_seed(7)
    for _ in range(8):
        x = torch.randint(-128, 128, (1, 1, 28, 28), dtype=torch.int8, generator=generator)
        got, expected = np.asarray(a.forward(x)[0]), np.asarray(b.forward(x)[0])
        assert got.dtype == np.int8 and np.array_equal(got, expected)


def test_input_offset_stays_when_the_folded_bias_would_overflow_int32():
    from wick.passes.lower_cortex_m_compute import ComputePatterns

    w_q = torch.full((3000, 2), 127, dtype=torch.int8)
    bias = torch.tensor([2 ** 31 - 1000, 5], dtype=torch.int64)
    kept, offset = ComputePatterns._fold_input_offset(bias, w_q, 128)
    assert offset == 128 and kept.tolist() == [2 ** 31 - 1000, 5]
    folded, offset = ComputePatterns._fold_input_offset(None, w_q[:10], -3)
    assert offset == 0 and folded.tolist() == [-3 * 10 * 127] * 2
