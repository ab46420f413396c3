"""Exported zoo programs load in the Wick C++ runtime (its verifier), run
there and match PyTorch within 1e-4 relative. Slow models run with
WICK_SLOW_TESTS=1.

Uses the Python binding (wick.runtime); skips, saying so, when it is not built.
"""

import os

import pytest
import torch

from wick.exir import to_edge
from wick.export import export
from wick.models import ZOO

runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")

RUN_SLOW = os.environ.get("WICK_SLOW_TESTS") == "1"
FAST_MODELS = [name for name, entry in ZOO.items() if not entry.slow]
ALL_MODELS = [
    pytest.param(name, marks=[pytest.mark.skipif(not RUN_SLOW, reason="slow model: set WICK_SLOW_TESTS=1")]
                 if entry.slow else [], id=name)
    for name, entry in ZOO.items()
]


def _load(tmp_path, name, model, inputs):
    pte = tmp_path / f"{name}.pte"
    pte.write_bytes(to_edge(export(model, inputs)).to_executorch().buffer)
    return runtime.load(str(pte))  # parses and verifies the whole program


def _assert_matches(outputs, model, inputs):
    with torch.no_grad():
        expected = model(*inputs)
    expected = list(expected) if isinstance(expected, (tuple, list)) else [expected]
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        got = torch.from_numpy(got)
        assert got.shape == want.shape
        scale = want.abs().max().item()
        assert (got - want).abs().max().item() <= 1e-4 * scale


@pytest.mark.parametrize("name", FAST_MODELS)
def test_exported_zoo_program_passes_the_runtime_verifier(name, tmp_path):
    entry = ZOO[name]
    module = _load(tmp_path, name, entry.create(), entry.example_inputs())
    assert module.method_names == ["forward"]


@pytest.mark.parametrize("name", ALL_MODELS)
def test_exported_zoo_program_runs_in_wick_like_pytorch(name, tmp_path):
    entry = ZOO[name]
    model, inputs = entry.create(), entry.example_inputs()
    module = _load(tmp_path, name, model, inputs)
    _assert_matches(module.forward(*inputs), model, inputs)


class Elementwise(torch.nn.Module):
    def forward(self, x, y):
        return torch.relu(x.reshape(4, 6) + y) * y, x.permute(2, 0, 1) - 1.5


def test_elementwise_program_runs_in_wick(tmp_path):
    model = Elementwise()
    inputs = (torch.randn(2, 3, 4), torch.randn(4, 6))
    module = _load(tmp_path, "elementwise", model, inputs)
    _assert_matches(module.forward(*inputs), model, inputs)
