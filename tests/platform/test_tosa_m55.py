"""TOSA delegates on the simulated Cortex-M55: the runner firmware links the TOSABackend
interpreter, and a TinyRPS program lowered to TOSA (int8, PRO-INT) gives the same bytes there as
the numpy model of the specification and the host. (`python -m wick.backends.tosa.benchmark
--sim` does the same for MobileNetV2 and the MLPerf Tiny models.)"""

import pathlib
import shutil

import numpy as np
import pytest
import torch

from wick.sim import runner

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def m55_runner() -> pathlib.Path:
    if shutil.which("qemu-system-arm") is None:
        pytest.skip("qemu-system-arm not installed (Debian package qemu-system-arm)")
    elf = runner.firmware_path("m55")
    if not elf.is_file():
        pytest.skip(f"{elf} not built: {runner.build_command('m55')}")
    return elf


def test_tiny_rps_int8_tosa_program_is_bit_identical_on_the_m55(m55_runner, tmp_path):
    from wick.backends.tosa import to_tosa
    from wick.backends.tosa.runner import available, run_pte
    from wick.export import export
    from wick.models.tiny_rps import TinyRPS
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e

    if available() is not None:
        pytest.skip(str(available()))
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(2)
    data = [torch.randn(1, 1, 28, 28, generator=generator) for _ in range(4)]
    prepared = prepare_pt2e(export(TinyRPS().eval(), (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    edge = to_tosa(convert_pt2e(prepared))
    program = edge.to_executorch()
    assert len(program.executorch_program.execution_plan[0].delegates) == 1
    path = tmp_path / "tiny_rps_tosa.pte"
    path.write_bytes(program.buffer)
    reference = edge.exported_program().module()  # the delegate computed by the numpy TOSA model
    for x in data[:2]:
        run = runner.run_program(path, [x.numpy()], board="m55", elf=m55_runner, profile=True)
        assert run.report.ok, run.console
        assert any(op.name.startswith("delegate:TOSABackend") for op in run.report.operators)
        with torch.no_grad():
            expected = reference(x)
        expected = (expected[0] if isinstance(expected, (list, tuple)) else expected).numpy()
        np.testing.assert_array_equal(run.outputs[0], expected)
        np.testing.assert_array_equal(run.outputs[0], run_pte(program.buffer, [x.numpy()])[0])
