"""TOSA lowering end to end: partition -> TOSA 1.0 flatbuffers -> .pte with DelegateCalls ->
Wick's C++ interpreter (TOSABackend).

Oracles:
* int8 (PRO-INT): the lowered program run in torch, where each delegate is computed by the
  numpy TOSA interpreter (wick.backends.tosa.reference, the spec's pseudo-code): Wick's
  output must be bit-identical; and close to convert_pt2e's fake-quant model (SQNR).
* fp32 (PRO-FP): PyTorch eager, within float tolerance.
"""

import os
import shutil
import subprocess

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from wick.backends.tosa import to_tosa
from wick.backends.tosa.partitioner import TosaPartitioner
from wick.backends.tosa.reference import ReferenceInterpreter
from wick.backends.tosa.runner import available, run_pte, run_tosa
from wick.backends.tosa.serializer import deserialize_graph, serialize_graph
from wick.exir import to_edge_transform_and_lower
from wick.export import export
from wick.models.zoo import ZOO
from wick.pte import to_plain
from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, sqnr_db

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _first(value):
    return value[0] if isinstance(value, (list, tuple)) else value


def _convert(model, shape, count=4, seed=1):
    generator = torch.Generator().manual_seed(seed)
    data = [torch.randn(shape, generator=generator) for _ in range(count)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    return convert_pt2e(prepared), data


def _check_int8(model, converted, edge, inputs, min_sqnr=30.0):
    program = edge.to_executorch()
    lowered = edge.exported_program().module()
    with torch.no_grad():
        for x in inputs:
            got = run_pte(program.buffer, [x.numpy()])[0]
            expected = _first(lowered(x)).numpy()
            np.testing.assert_array_equal(got, expected)  # the numpy TOSA model, bit for bit
            assert sqnr_db(_first(converted.module()(x)), torch.from_numpy(got)) > min_sqnr
    return program


@pytest.mark.parametrize("name", ["tiny_rps", "ds_cnn", "mobilenet_v1_025", "resnet8", "deep_autoencoder",
                                  "mobilenet_v2"])
def test_zoo_model_int8_runs_bit_identical_to_the_numpy_tosa_model(name):
    entry = ZOO[name]
    model = entry.create()
    converted, data = _convert(model, entry.input_shapes[0])
    edge = to_tosa(converted)
    report = edge.tosa_report
    assert report.partitions == 1 and report.fallbacks == []  # the whole network is one TOSA graph
    program = _check_int8(model, converted, edge, data[:2])
    # Only the boundary quantize/dequantize run on the CPU.
    assert program.operator_names == ["cortex_m::quantize_per_tensor.out", "cortex_m::dequantize_per_tensor.out"]
    assert len(program.executorch_program.execution_plan[0].delegates) == 1


class MixedCNN(nn.Module):
    """Grouped conv, residual add, x*sigmoid(x), pad, pools, linear; a softmax in the middle
    (no TOSA int8 lowering) splits the graph into two delegates."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.pw = nn.Conv2d(8, 8, 1, groups=2)
        self.conv2 = nn.Conv2d(8, 4, 3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 6 * 6, 10)

    def forward(self, x):
        x = F.relu6(self.conv1(x))
        y = torch.clamp(self.pw(F.relu(self.dw(x))), -1.0, 2.0)
        x = F.relu(x + y)
        x = x * torch.sigmoid(x)
        x = torch.softmax(x, dim=1)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 2, ceil_mode=True)
        x = F.avg_pool2d(self.conv2(x), 2, stride=1, padding=1, count_include_pad=False)
        return self.fc(torch.flatten(x, 1))


def test_cpu_operator_in_the_middle_splits_the_partition():
    torch.manual_seed(0)
    model = MixedCNN().eval()
    converted, data = _convert(model, (1, 3, 15, 15))
    lines = []
    edge = to_tosa(converted, report=lines.append)
    report = edge.tosa_report
    assert report.partitions == 2
    assert len(report.fallbacks) == 1 and "_softmax" in report.fallbacks[0]
    assert report.delegated.get("grouped_conv2d") == 1 and "table(sigmoid.default)" in report.delegated
    assert any("on the CPU" in line for line in lines)
    _check_int8(model, converted, edge, data[:3], min_sqnr=25.0)


def test_float_program_lowers_to_pro_fp_within_tolerance():
    torch.manual_seed(0)
    model = MixedCNN().eval()
    x = torch.randn(1, 3, 15, 15)
    partitioner = TosaPartitioner()
    edge = to_edge_transform_and_lower(export(model, (x,)), partitioner=[partitioner])
    assert partitioner.report.partitions == 1 and partitioner.report.fallbacks == []
    assert "softmax" in partitioner.report.delegated
    program = edge.to_executorch()
    assert program.operator_names == []  # the whole forward is one DelegateCall
    for seed in range(3):
        x = torch.randn(1, 3, 15, 15, generator=torch.Generator().manual_seed(seed))
        got = run_pte(program.buffer, [x.numpy()])[0]
        np.testing.assert_allclose(got, model(x).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_emitted_tosa_files_are_standalone_tosa_1_0(tmp_path):
    torch.manual_seed(0)
    converted, data = _convert(ZOO["tiny_rps"].create(), ZOO["tiny_rps"].input_shapes[0])
    edge = to_tosa(converted, emit_tosa_dir=str(tmp_path))
    blob = (tmp_path / "delegate_0.tosa").read_bytes()
    assert blob[4:8] == b"TOSA" and blob == edge.tosa_report.blobs[0]
    graph = deserialize_graph(blob)
    assert (graph.version._major, graph.version._minor, graph.version._draft) == (1, 0, False)
    assert to_plain(deserialize_graph(serialize_graph(graph))) == to_plain(graph)  # the reader is lossless
    # Standalone, the graph maps the int8 input to the int8 logits, as the numpy model does.
    x_int8 = np.random.default_rng(3).integers(-128, 128, (1, 1, 28, 28)).astype(np.int8)
    out = run_tosa(blob, [x_int8])
    assert out[0].dtype == np.int8 and out[0].shape == (1, 3)
    np.testing.assert_array_equal(out[0], ReferenceInterpreter(graph).run([x_int8])[0])
    flatc = shutil.which("flatc")
    if flatc:  # other TOSA tools read it with the 1.0 schema
        done = subprocess.run([flatc, "--json", "--raw-binary", "-o", str(tmp_path),
                               os.path.join(REPO, "backends", "tosa", "schema", "tosa.fbs"), "--",
                               str(tmp_path / "delegate_0.tosa")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert 'op: "CONV2D"' in (tmp_path / "delegate_0.json").read_text()


def test_cli_export_backend_tosa_and_emit_tosa(tmp_path):
    from wick.export.cli import main

    calibration = np.random.default_rng(0).random((4, 1, 1, 28, 28)).astype(np.float32)
    np.save(tmp_path / "cal.npy", calibration)
    out = tmp_path / "rps.pte"
    code = main(["wick.models.tiny_rps:TinyRPS", "--input-shape", "1,1,28,28", "--quantize", "--calibration",
                 str(tmp_path / "cal.npy"), "--emit-tosa", str(tmp_path / "tosa"), "-o", str(out), "-q"])
    assert code == 0
    assert (tmp_path / "tosa" / "delegate_0.tosa").exists()
    got = run_pte(out.read_bytes(), [calibration[0]])[0]
    assert got.shape == (1, 3) and np.isfinite(got).all()
    code = main(["wick.models.tiny_rps:TinyRPS", "--input-shape", "1,1,28,28", "--backend", "tosa", "-o",
                 str(tmp_path / "rps_fp.pte"), "-q"])
    assert code == 0
