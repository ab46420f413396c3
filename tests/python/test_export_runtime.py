"""Exported programs load in the Wick C++ runtime (its verifier) and, where the
build has a kernel for every operator, run there and match PyTorch.

Uses the Python binding (wick.runtime); skips, saying so, when it is not built.
"""

import pytest
import torch

from wick.exir import to_edge
from wick.export import export
from wick.models import ZOO

runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")

FAST_MODELS = [name for name, entry in ZOO.items() if not entry.slow]


def _load(tmp_path, name, model, inputs):
    pte = tmp_path / f"{name}.pte"
    pte.write_bytes(to_edge(export(model, inputs)).to_executorch().buffer)
    return runtime.load(str(pte))  # parses and verifies the whole program


def _run_or_skip(module, inputs):
    try:
        return module.forward(*inputs)
    except runtime.WickError as error:
        if "OperatorMissing" in str(error):
            missing = [line.split()[-1] for line in str(error).splitlines() if line.startswith("missing operator")]
            pytest.skip(f"program verified; this build lacks kernels for {', '.join(missing)}")
        raise


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


@pytest.mark.parametrize("name", FAST_MODELS)
def test_exported_zoo_program_runs_in_wick_like_pytorch(name, tmp_path):
    entry = ZOO[name]
    model, inputs = entry.create(), entry.example_inputs()
    module = _load(tmp_path, name, model, inputs)
    _assert_matches(_run_or_skip(module, inputs), model, inputs)


class Elementwise(torch.nn.Module):
    def forward(self, x, y):
        return torch.relu(x.reshape(4, 6) + y) * y, x.permute(2, 0, 1) - 1.5


def test_elementwise_program_runs_in_wick(tmp_path):
    model = Elementwise()
    inputs = (torch.randn(2, 3, 4), torch.randn(4, 6))
    module = _load(tmp_path, "elementwise", model, inputs)
    _assert_matches(_run_or_skip(module, inputs), model, inputs)
