"""The model zoo exports, decodes and evaluates (reference oracle) like PyTorch.

Entries marked slow run only with WICK_SLOW_TESTS=1. Each check: the .pte
decodes, its planned memory is within 5% of the lower bound, and evaluating the
file with the reference oracle matches the eager model within 1e-4 relative
(to the output's magnitude). Running through the Wick C++ runtime is added
once the Python binding exists.
"""

import os

import pytest
import torch

from wick.exir import to_edge
from wick.export import export
from wick.models import ZOO
from wick.pte import deserialize_pte

oracle = pytest.importorskip("wick.oracle")

RUN_SLOW = os.environ.get("WICK_SLOW_TESTS") == "1"


def _params():
    for name, entry in ZOO.items():
        marks = [pytest.mark.skipif(not RUN_SLOW, reason="slow model: set WICK_SLOW_TESTS=1")] if entry.slow else []
        yield pytest.param(name, marks=marks, id=name)


def test_zoo_covers_the_required_architectures():
    families = {}
    for entry in ZOO.values():
        families.setdefault(entry.family, []).append(entry.name)
    assert len(families["torchvision"]) >= 15
    assert len(families["torchaudio"]) >= 3
    assert set(families["mlperf_tiny"]) == {"resnet8", "ds_cnn", "mobilenet_v1_025", "deep_autoencoder"}
    assert sum(not entry.slow for entry in ZOO.values()) >= 10


@pytest.mark.parametrize("name", list(_params()))
def test_zoo_model_exports_and_matches_pytorch(name):
    entry = ZOO[name]
    model = entry.create()
    inputs = entry.example_inputs()
    edge = to_edge(export(model, inputs))
    manager = edge.to_executorch()
    plan = manager.memory_plan
    assert plan.planned_bytes <= 1.05 * plan.lower_bound_bytes, plan.describe()
    pte = deserialize_pte(manager.buffer)
    assert pte.program.execution_plan[0].non_const_buffer_sizes == [0, plan.planned_bytes]
    with torch.no_grad():
        expected = _flat(model(*inputs))
        _assert_close(_flat(edge.exported_program().module()(*inputs)), expected)
    missing = oracle.unsupported_operators(pte, "forward")
    if missing:
        pytest.skip(f"the .pte matches as a graph; the reference oracle cannot run {', '.join(missing)} yet")
    _assert_close(oracle.evaluate(pte, "forward", list(inputs)), expected)


def _flat(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def _assert_close(outputs, expected):
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        scale = want.abs().max().item()
        assert scale > 0, "degenerate test: the model's output is all zeros"
        assert (got - want).abs().max().item() <= 1e-4 * scale
