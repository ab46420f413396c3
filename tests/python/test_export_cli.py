"""The export command line: model loading, inputs, summary and errors."""

import subprocess
import sys

import numpy as np
import pytest

from wick.export import cli
from wick.pte import deserialize_pte

MODEL_SOURCE = '''
import torch

class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 4, 3)

    def forward(self, x):
        return torch.relu(self.conv(x))

instance = Tiny()

def broken():
    return 42
'''


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "tiny_model.py"
    path.write_text(MODEL_SOURCE)
    return path


def test_exports_with_input_shape_and_prints_a_summary(model_file, tmp_path, capsys):
    out = tmp_path / "tiny.pte"
    assert cli.main([f"{model_file}:Tiny", "--input-shape", "1,2,6,6", "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert f"wrote {out}" in printed.out
    assert "aten::convolution.out" in printed.out and "aten::relu.out" in printed.out
    assert "planned memory:" in printed.out and "lower bound" in printed.out
    assert "time:" in printed.out
    assert "capturing graph" in printed.err  # progress
    plan = deserialize_pte(out.read_bytes()).program.execution_plan[0]
    assert plan.values[plan.inputs[0]].val.sizes == [1, 2, 6, 6]


def test_example_input_file_and_module_instance(model_file, tmp_path, capsys):
    x = tmp_path / "x.npy"
    np.save(x, np.ones((1, 2, 5, 5), dtype=np.float32))
    out = tmp_path / "inst.pte"
    assert cli.main([f"{model_file}:instance", "--example-input", str(x), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    plan = deserialize_pte(out.read_bytes()).program.execution_plan[0]
    assert plan.values[plan.outputs[0]].val.sizes == [1, 4, 3, 3]


def test_errors_are_one_line_without_traceback(model_file, tmp_path, capsys):
    out = str(tmp_path / "x.pte")
    assert cli.main([f"{model_file}:broken", "--input-shape", "1", "-o", out, "-q"]) == 1
    assert "not a torch.nn.Module" in capsys.readouterr().err
    assert cli.main([f"{model_file}:Tiny", "-o", out, "-q"]) == 1
    assert "--input-shape" in capsys.readouterr().err
    assert cli.main([f"{model_file}:Tiny", "--input-shape", "1,x", "-o", out, "-q"]) == 1
    assert cli.main([f"{model_file}:Missing", "--input-shape", "1", "-o", out, "-q"]) == 1
    assert "no attribute 'Missing'" in capsys.readouterr().err


def test_runs_as_a_module(model_file, tmp_path, repo_root):
    out = tmp_path / "m.pte"
    result = subprocess.run(
        [sys.executable, "-m", "wick.export.cli", f"{model_file}:Tiny", "--input-shape", "1,2,4,4", "-o", str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(repo_root / "python")},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[4:8] == b"ET12"
