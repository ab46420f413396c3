"""End to end: export -> prepare -> calibrate -> convert -> cortex_m int8 .pte -> Wick's C++ runtime.

Oracles:
* the fake-quant torch model (convert_pt2e's Q/DQ graph): Wick's int8 output
  must be close (SQNR > 30 dB) with the same argmax on most inputs;
* the lowered graph run in torch (integer torch implementations of the
  cortex_m operators): Wick's output must be bit-identical.
"""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from wick.export import export
from wick.models import TinyRPS
from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, sqnr_db, to_cortex_m

runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")


class SmallCNN(nn.Module):
    """Conv+BN+relu6, depthwise, grouped conv+clamp, residual add, x*sigmoid(x), pad, max/avg pool, linear, softmax.

    The grouped convolution (2 groups) has no cortex_m kernel: it runs in float.
    """

    def __init__(self, softmax: bool = True):
        super().__init__()
        self.softmax = softmax
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.pw = nn.Conv2d(8, 8, 1, groups=2)
        self.dw2 = nn.Conv2d(8, 16, 5, stride=2, padding=2, groups=8)
        self.fc = nn.Linear(16 * 2 * 2, 10)

    def forward(self, x):
        x = F.relu6(self.bn1(self.conv1(x)))
        y = torch.clamp(self.pw(F.relu(self.dw(x))), -1.0, 2.0)
        x = F.relu(x + y)
        x = x * torch.sigmoid(x)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 2)
        x = F.avg_pool2d(self.dw2(x), 2)
        x = self.fc(torch.flatten(x, 1))
        return torch.softmax(x, dim=-1) if self.softmax else x


def _small_cnn(softmax=True):
    torch.manual_seed(0)
    model = SmallCNN(softmax).eval()
    with torch.no_grad():
        model.bn1.running_mean.uniform_(-0.5, 0.5)
        model.bn1.running_var.uniform_(0.5, 2.0)
        model.bn1.weight.uniform_(0.5, 1.5)
    return model


def _inputs(shape, count, seed, low=None):
    generator = torch.Generator().manual_seed(seed)
    if low is not None:
        return [torch.rand(shape, generator=generator) for _ in range(count)]
    return [torch.randn(shape, generator=generator) for _ in range(count)]


def _quantize(model, shape, config=None, uniform=False, tmp_path=None, name="model"):
    calibration = _inputs(shape, 32, seed=1, low=0.0 if uniform else None)
    prepared = prepare_pt2e(export(model, (calibration[0],)), config or QuantConfig())
    calibrate(prepared, calibration, progress=False)
    converted = convert_pt2e(prepared)
    reports = []
    edge = to_cortex_m(converted, report=reports.append)
    path = tmp_path / f"{name}.pte"
    edge.to_executorch().save(str(path))
    return converted, edge, runtime.load(str(path)), reports


def _compare(model, converted, edge, program, inputs, bit_exact=True, fp32_sqnr=25.0):
    sqnrs, agree = [], 0
    lowered = edge.exported_program().module()
    with torch.no_grad():
        for x in inputs:
            got = torch.as_tensor(program.forward(x)[0])
            fake = converted.module()(x)
            sqnrs.append(sqnr_db(fake, got))
            agree += int(got.argmax() == fake.argmax())
            if bit_exact:
                assert torch.equal(got, lowered(x)), "Wick's int8 kernels differ from the integer torch model"
            assert sqnr_db(model(x), got) > fp32_sqnr
    return min(sqnrs), agree / len(inputs)


def test_tiny_rps_int8_matches_fake_quant(tmp_path):
    torch.manual_seed(0)
    model = TinyRPS().eval()
    converted, edge, program, reports = _quantize(model, (1, 1, 28, 28), uniform=True, tmp_path=tmp_path, name="rps")
    assert reports == []  # every operator runs in int8
    worst, agreement = _compare(model, converted, edge, program, _inputs((1, 1, 28, 28), 16, seed=2, low=0.0))
    assert worst > 30.0
    assert agreement >= 0.9


def test_small_cnn_int8_matches_fake_quant_and_reports_the_float_fallback(tmp_path):
    model = _small_cnn(softmax=False)
    converted, edge, program, reports = _quantize(model, (1, 3, 16, 16), tmp_path=tmp_path, name="cnn")
    # the grouped conv, and the clamp fused to it, run in float; each is reported with its source
    assert len(reports) == 2 and all("int8 fallback to float" in r for r in reports)
    assert "aten.convolution" in reports[0] and "pw (Conv2d)" in reports[0] and "aten.clamp" in reports[1]
    names = {str(n.target) for n in edge.exported_program().graph.nodes if n.op == "call_function"}
    for op in ("quantized_conv2d", "quantized_depthwise_conv2d", "quantized_add", "quantized_mul", "pad",
               "quantized_max_pool2d", "quantized_avg_pool2d", "quantized_linear", "quantized_activation"):
        assert f"cortex_m.{op}.default" in names, op
    assert not any("batch_norm" in n or "relu" in n or "hardtanh" in n or "sigmoid" in n for n in names)
    assert "aten.convolution.default" in names
    worst, agreement = _compare(model, converted, edge, program, _inputs((1, 3, 16, 16), 16, seed=2))
    assert worst > 30.0
    assert agreement >= 0.75  # random weights: some of the 10 logits are within an int8 step of each other


def test_softmax_output_is_within_one_step_of_the_integer_model(tmp_path):
    model = _small_cnn(softmax=True)
    converted, edge, program, _ = _quantize(model, (1, 3, 16, 16), tmp_path=tmp_path, name="cnn_softmax")
    assert any(str(n.target) == "cortex_m.softmax.default" for n in edge.exported_program().graph.nodes)
    lowered = edge.exported_program().module()
    for x in _inputs((1, 3, 16, 16), 8, seed=3):
        got = torch.as_tensor(program.forward(x)[0])
        assert torch.allclose(got, lowered(x), atol=1.0 / 256 + 1e-6)
        assert abs(float(got.sum()) - 1.0) < 0.05


@pytest.mark.parametrize("observer, kwargs", [("moving_average", {}), ("histogram", {"percentile": 99.99})])
def test_other_observers_give_accurate_programs(tmp_path, observer, kwargs):
    model = _small_cnn(softmax=False)
    config = QuantConfig(activation_observer=observer, observer_kwargs=kwargs)
    converted, edge, program, _ = _quantize(model, (1, 3, 16, 16), config, tmp_path=tmp_path, name=observer)
    # The moving average lags behind the true range over 32 batches and clips: looser against fp32.
    worst, _ = _compare(model, converted, edge, program, _inputs((1, 3, 16, 16), 4, seed=2), fp32_sqnr=12.0)
    assert worst > 30.0


def test_int8_io_program_takes_and_returns_int8(tmp_path):
    torch.manual_seed(0)
    model = TinyRPS().eval()
    converted, edge, program, _ = _quantize(model, (1, 1, 28, 28), QuantConfig(int8_io=True), uniform=True,
                                            tmp_path=tmp_path, name="rps_int8_io")
    placeholders = [n for n in edge.exported_program().graph.nodes if n.op == "placeholder"]
    assert placeholders[0].meta["val"].dtype == torch.int8
    first_q = next(n for n in converted.graph.nodes if "quantize_per_tensor" in str(n.target))
    scale, zero_point = first_q.args[1], first_q.args[2]
    last_dq = [n for n in converted.graph.nodes if "dequantize_per_tensor" in str(n.target)][-1]
    out_scale, out_zero_point = last_dq.args[1], last_dq.args[2]
    x = _inputs((1, 1, 28, 28), 1, seed=5, low=0.0)[0]
    q = torch.clamp(torch.round(x / scale) + zero_point, -128, 127).to(torch.int8)
    got = torch.as_tensor(program.forward(q)[0])
    assert got.dtype == torch.int8
    fake = converted.module()(x)
    assert torch.allclose((got.float() - out_zero_point) * out_scale, fake, atol=2 * out_scale)


def test_calibration_splits_batches_to_the_exported_batch_size():
    torch.manual_seed(0)
    model = TinyRPS().eval()
    prepared = prepare_pt2e(export(model, (torch.rand(1, 1, 28, 28),)))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(10, 1, 28, 28)), batch_size=4)
    assert calibrate(prepared, (batch for (batch,) in loader), progress=False) == 3
    assert all(observer.count > 0 for observer in prepared.observers.values())


class BranchyNet(nn.Module):
    """split / cat (shared parameters), hardswish (captured as x * clamp(x + 3, 0, 6) / 6: table lookups
    and a multiply), squeeze-excite with adaptive average pooling and a broadcast multiply, mean over H, W."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.left = nn.Conv2d(8, 8, 3, padding=1)
        self.squeeze = nn.Conv2d(16, 4, 1)
        self.excite = nn.Conv2d(4, 16, 1)
        self.fc = nn.Linear(16, 6)

    def forward(self, x):
        x = F.hardswish(self.stem(x))
        a, b = torch.split(x, 8, dim=1)
        x = torch.cat([F.relu(self.left(a)), b], dim=1)
        scale = torch.sigmoid(self.excite(F.relu(self.squeeze(F.adaptive_avg_pool2d(x, 1)))))
        x = x * scale
        return self.fc(x.mean(dim=(2, 3)))


def test_split_cat_lookup_tables_and_global_pooling_run_in_int8(tmp_path):
    torch.manual_seed(0)
    model = BranchyNet().eval()
    converted, edge, program, reports = _quantize(model, (1, 3, 12, 12), tmp_path=tmp_path, name="branchy")
    assert reports == []
    names = [str(n.target) for n in edge.exported_program().graph.nodes if n.op == "call_function"]
    assert names.count("cortex_m.quantized_avg_pool2d.default") == 2
    assert "cortex_m.quantized_activation.default" in names and "aten.cat.default" in names
    assert "cortex_m.quantized_mul.default" in names
    worst, _ = _compare(model, converted, edge, program, _inputs((1, 3, 12, 12), 8, seed=4))
    assert worst > 30.0
