"""Capture (make_fx + functionalize): graph contents, provenance and errors."""

import pytest
import torch
from torch import nn

from wick.capture import CaptureError, DataDependentControlFlowError, capture, provenance_of

aten = torch.ops.aten


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.act = nn.Hardswish()

    def forward(self, x):
        return self.act(self.conv(x))  # BLOCK-LINE


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()

    def forward(self, x):
        return self.block(x).mean([2, 3])


def _line_of(marker):
    with open(__file__) as f:
        for number, line in enumerate(f, 1):
            if marker in line and "_line_of" not in line:
                return number
    raise AssertionError(marker)


def _call_nodes(graph_module):
    return [n for n in graph_module.graph.nodes if n.op == "call_function"]


def test_parameters_become_named_placeholders_before_user_inputs():
    model = Net().eval()
    captured = capture(model, (torch.randn(1, 3, 8, 8),))
    placeholders = [n for n in captured.graph_module.graph.nodes if n.op == "placeholder"]
    assert captured.parameter_names == ["block.conv.weight", "block.conv.bias"]
    assert len(placeholders) == 3
    assert captured.flat_example_inputs[0].shape == (1, 3, 8, 8)


def test_hardswish_is_decomposed_into_core_operators():
    captured = capture(Net().eval(), (torch.randn(1, 3, 8, 8),))
    targets = {n.target for n in _call_nodes(captured.graph_module)}
    assert aten.convolution.default in targets
    assert not any("hardswish" in str(t) for t in targets)


def test_provenance_names_module_path_and_source_line():
    captured = capture(Net().eval(), (torch.randn(1, 3, 8, 8),))
    conv = next(n for n in _call_nodes(captured.graph_module) if n.target is aten.convolution.default)
    where = provenance_of(conv)
    assert where.module_path == "block.conv"
    assert where.module_type == "Conv2d"
    assert where.filename == __file__
    assert where.lineno == _line_of("# BLOCK-LINE")
    assert "block.conv (Conv2d)" in where.describe()


def test_captured_graph_matches_eager():
    model = Net().eval()
    x = torch.randn(2, 3, 8, 8)
    captured = capture(model, (x,))
    state = [captured.state[n] for n in captured.parameter_names + captured.buffer_names]
    (got,) = captured.graph_module(*state, x)
    torch.testing.assert_close(got, model(x))


class Branchy(nn.Module):
    def forward(self, x):
        if x.sum() > 0:  # DATA-DEPENDENT
            return x + 1
        return x - 1


def test_data_dependent_control_flow_names_the_line():
    with pytest.raises(DataDependentControlFlowError) as info:
        capture(Branchy(), (torch.randn(3),))
    message = str(info.value)
    assert f"{__file__}:{_line_of('# DATA-DEPENDENT')}" in message
    assert "torch.where" in message


def test_training_mode_batch_norm_is_refused():
    model = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3)).train()
    with pytest.raises(CaptureError, match="eval"):
        capture(model, (torch.randn(2, 3, 4, 4),))


def test_non_tensor_inputs_are_refused():
    class Scale(nn.Module):
        def forward(self, x, k):
            return x * k

    with pytest.raises(CaptureError, match="input #1 is a int"):
        capture(Scale(), (torch.randn(2), 3))


def test_data_dependent_output_shapes_are_refused():
    class Masked(nn.Module):
        def forward(self, x):
            return x[x > 0]  # MASKED

    with pytest.raises(DataDependentControlFlowError) as info:
        capture(Masked(), (torch.randn(5),))
    assert f"{__file__}:{_line_of('# MASKED')}" in str(info.value)

    class NonZero(nn.Module):
        def forward(self, x):
            return torch.nonzero(x)

    with pytest.raises(DataDependentControlFlowError, match="nonzero"):
        capture(NonZero(), (torch.randn(5),))
