"""`wick export --quantize --calibration DIR_OR_NPY`: int8 cortex_m programs from the command line."""

import numpy as np
import pytest
import torch

from wick.export import cli
from wick.pte import deserialize_pte
from wick.quantization.calibration_data import load_calibration

MODEL = "wick.models.tiny_rps:TinyRPS"


def _operators(path):
    plan = deserialize_pte(path.read_bytes()).method("forward")
    return {f"{op.name}.{op.overload}" for op in plan.operators}


def test_quantize_with_a_npy_stack(tmp_path, capsys):
    stack = tmp_path / "calibration.npy"
    np.save(stack, np.random.default_rng(0).random((6, 1, 28, 28), dtype=np.float32))
    out = tmp_path / "rps_int8.pte"
    assert cli.main([MODEL, "--input-shape", "1,1,28,28", "--quantize", "--calibration", str(stack), "-q",
                     "-o", str(out)]) == 0
    operators = _operators(out)
    assert "cortex_m::quantized_conv2d.out" in operators and "cortex_m::quantized_linear.out" in operators
    assert "aten::convolution.out" not in operators
    assert "cortex_m::quantized_conv2d.out" in capsys.readouterr().out


def test_quantize_with_a_directory_of_images_and_npy_files(tmp_path):
    from PIL import Image

    folder = tmp_path / "calibration"
    folder.mkdir()
    rng = np.random.default_rng(1)
    for i in range(3):
        Image.fromarray((rng.random((40, 30)) * 255).astype(np.uint8)).save(folder / f"img{i}.png")
    np.save(folder / "extra.npy", rng.random((1, 28, 28), dtype=np.float32))
    example = torch.zeros(1, 1, 28, 28)
    inputs = load_calibration(str(folder), example)
    assert len(inputs) == 4 and all(x.shape == example.shape for x in inputs)
    assert all(0.0 <= float(x.min()) and float(x.max()) <= 1.0 for x in inputs)
    out = tmp_path / "rps.pte"
    assert cli.main([MODEL, "--input-shape", "1,1,28,28", "--quantize", "--calibration", str(folder), "-q",
                     "--observer", "histogram", "-o", str(out)]) == 0
    assert "cortex_m::quantize_per_tensor.out" in _operators(out)


def test_quantize_without_calibration_data_is_an_error(tmp_path, capsys):
    assert cli.main([MODEL, "--input-shape", "1,1,28,28", "--quantize", "-o", str(tmp_path / "x.pte")]) == 1
    assert "--calibration" in capsys.readouterr().err


def test_calibration_shapes_must_match(tmp_path):
    stack = tmp_path / "bad.npy"
    np.save(stack, np.zeros((2, 3, 28, 28), dtype=np.float32))
    with pytest.raises(ValueError, match="does not match"):
        load_calibration(str(stack), torch.zeros(1, 1, 28, 28))
