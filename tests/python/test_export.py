"""End-to-end export: tutorial API, decoded .pte structure, passes, errors."""

import io
import json
import struct

import pytest
import torch
from torch import nn

from wick.exir import EdgeCompileConfig, ExecutorchBackendConfig, save_pte_program, to_edge
from wick.export import export
from wick.passes import UnsupportedOperatorError
from wick.pte import deserialize_pte
from wick.pte import schema as S

oracle = pytest.importorskip("wick.oracle")


def _export(model, *inputs, **edge_kwargs):
    manager = to_edge(export(model.eval(), tuple(inputs)), **edge_kwargs).to_executorch()
    return manager, deserialize_pte(manager.buffer)


def _operators(pte):
    return [f"{op.name}.{op.overload}" for op in pte.program.execution_plan[0].operators]


def _kernel_calls(pte):
    plan = pte.program.execution_plan[0]
    return [(plan.operators[i.instr_args.op_index], i.instr_args.args) for i in plan.chains[0].instructions]


def _run(manager, *inputs):
    return oracle.evaluate(deserialize_pte(manager.buffer), "forward", list(inputs))


class Add(nn.Module):
    def forward(self, x, y):
        return x + y


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(8 * 4 * 4, 5)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(x, 1))


def _randomize_batch_norm(model, seed=3):
    generator = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            n = module.num_features
            module.running_mean.copy_(torch.randn(n, generator=generator))
            module.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
            module.weight.data.copy_(torch.randn(n, generator=generator))
            module.bias.data.copy_(torch.randn(n, generator=generator))
    return model


def test_tutorial_flow_writes_the_buffer(tmp_path):
    aten_dialect = export(Add(), (torch.ones(1), torch.ones(1)))
    edge_program = to_edge(aten_dialect)
    executorch_program = edge_program.to_executorch()
    path = tmp_path / "add.pte"
    with open(path, "wb") as file:
        file.write(executorch_program.buffer)
    assert path.read_bytes()[4:8] == b"ET12"
    stream = io.BytesIO()
    executorch_program.write_to_file(stream)
    assert stream.getvalue() == executorch_program.buffer
    written = save_pte_program(executorch_program, str(tmp_path / "add_again"))
    assert written.endswith("add_again.pte")
    assert open(written, "rb").read() == executorch_program.buffer


def test_add_kernel_call_layout_matches_the_format():
    _, pte = _export(Add(), torch.ones(2, 3), torch.ones(2, 3))
    plan = pte.program.execution_plan[0]
    assert _operators(pte) == ["aten::add.out"]
    ((_, args),) = _kernel_calls(pte)
    x, y, alpha, out, repeated = args
    assert plan.inputs == [x, y]
    assert plan.outputs == [out]
    assert repeated == out
    assert plan.values[alpha].val == S.Int(int_val=1)
    for index in (x, y, out):
        tensor = plan.values[index].val
        assert tensor.scalar_type == S.ScalarType.FLOAT
        assert tensor.sizes == [2, 3] and tensor.dim_order == [0, 1]
        assert tensor.allocation_info.memory_id == 1
        assert tensor.allocation_info.memory_offset_low % 16 == 0
    assert plan.non_const_buffer_sizes[0] == 0
    assert plan.non_const_buffer_sizes[1] == 3 * 32  # three 24-byte tensors, 16-aligned, all live at once
    inputs_spec = json.loads(plan.container_meta_type.encoded_inp_str)
    assert inputs_spec[0] == 1 and inputs_spec[1]["type"] == "builtins.tuple"
    assert len(inputs_spec[1]["children_spec"][0]["children_spec"]) == 2


def test_header_alignment_and_constant_segment_layout():
    torch.manual_seed(0)
    manager, pte = _export(SmallCnn(), torch.randn(1, 3, 8, 8))
    data = manager.buffer
    assert data[8:12] == b"eh00"
    assert struct.unpack_from("<I", data, 12)[0] == 32
    program_size, base, data_size = struct.unpack_from("<QQQ", data, 16)
    assert base % 128 == 0 and base >= program_size
    program = pte.program
    segment = program.segments[program.constant_segment.segment_index]
    assert segment.offset % 128 == 0
    assert base + segment.offset + segment.size == len(data) == base + data_size
    offsets = program.constant_segment.offsets
    assert offsets[0] == 0 and all(offset % 16 == 0 for offset in offsets)
    constants = [v.val for v in program.execution_plan[0].values if isinstance(v.val, S.Tensor) and v.val.data_buffer_idx]
    assert {c.data_buffer_idx for c in constants} == set(range(1, len(offsets)))
    assert all(c.allocation_info is None for c in constants)


def test_small_cnn_folds_batch_norm_and_matches_eager():
    torch.manual_seed(0)
    model = _randomize_batch_norm(SmallCnn().eval())
    x = torch.randn(2, 3, 8, 8)
    manager, pte = _export(model, x)
    operators = _operators(pte)
    assert not any("batch_norm" in name for name in operators)
    assert "aten::permute_copy.out" not in operators  # Linear's weight transpose was folded
    assert operators.count("aten::convolution.out") == 1  # de-duplicated
    (got,) = _run(manager, x)
    torch.testing.assert_close(got, model(x), rtol=1e-4, atol=1e-5)


def test_max_pool_with_indices_repeats_both_outputs():
    _, pte = _export(nn.MaxPool2d(2), torch.randn(1, 2, 4, 4))
    ((op, args),) = _kernel_calls(pte)
    assert f"{op.name}.{op.overload}" == "aten::max_pool2d_with_indices.out"
    # self, kernel_size, stride, padding, dilation, ceil_mode, out, indices, out, indices
    assert len(args) == 10 and args[6:8] == args[8:10]
    values = pte.program.execution_plan[0].values
    assert values[args[7]].val.scalar_type == S.ScalarType.LONG
    padding = values[args[3]].val
    assert [values[i].val.int_val for i in padding.items] == [0, 0]  # default int[2] padding=0 materialized


def test_batch_norm_without_producer_uses_the_inference_operator():
    model = _randomize_batch_norm(nn.Sequential(nn.BatchNorm2d(3)).eval())
    x = torch.randn(1, 3, 4, 4)
    manager, pte = _export(model, x)
    assert _operators(pte) == ["aten::_native_batch_norm_legit_no_training.out"]
    ((_, args),) = _kernel_calls(pte)
    assert len(args) == 7 + 3 + 3
    (got,) = _run(manager, x)
    torch.testing.assert_close(got, model(x), rtol=1e-4, atol=1e-5)


def test_memory_format_conversions_emit_dim_order_operators():
    class ToChannelsLast(nn.Module):
        def forward(self, x):
            return x.to(memory_format=torch.channels_last) + 1, torch.clone(x * 2, memory_format=torch.channels_last)

    x = torch.randn(1, 3, 4, 5)
    manager, pte = _export(ToChannelsLast(), x)
    operators = _operators(pte)
    assert "dim_order_ops::_to_dim_order_copy.out" in operators
    assert "dim_order_ops::_clone_dim_order.out" in operators
    plan = pte.program.execution_plan[0]
    for output in plan.outputs:
        assert plan.values[output].val.dim_order == [0, 2, 3, 1]
        assert plan.values[output].val.sizes == [1, 3, 4, 5]
    (to_copy_args,) = [args for op, args in _kernel_calls(pte) if op.name == "dim_order_ops::_to_dim_order_copy"]
    dim_order = plan.values[to_copy_args[2]].val  # self, non_blocking, dim_order, out, out
    assert [plan.values[i].val.int_val for i in dim_order.items] == [0, 2, 3, 1]
    for actual, expected in zip(_run(manager, x), ToChannelsLast()(x)):
        torch.testing.assert_close(actual, expected)


def test_dtype_cast_emits_to_dim_order_copy():
    class Cast(nn.Module):
        def forward(self, x):
            return (x + 1).to(torch.float64)

    manager, pte = _export(Cast(), torch.randn(3))
    assert "dim_order_ops::_to_dim_order_copy.out" in _operators(pte)
    plan = pte.program.execution_plan[0]
    assert plan.values[plan.outputs[0]].val.scalar_type == S.ScalarType.DOUBLE


def test_tied_weights_are_stored_once():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(16, 16, bias=False)
            self.b = nn.Linear(16, 16, bias=False)
            self.b.weight.data.copy_(self.a.weight.data)

        def forward(self, x):
            return self.b(self.a(x))

    _, pte = _export(Tied(), torch.randn(1, 16))
    assert len(pte.program.constant_segment.offsets) == 2  # placeholder + one weight


def test_views_become_copy_operators_and_results_match():
    class Views(nn.Module):
        def forward(self, x):
            a = x.transpose(1, 2).reshape(2, -1)
            b, c = x.split(2, dim=1)
            return a[:, 1:5] * 2.0, (torch.cat([c, b], 1) + x[:, :1].expand(2, 4, 3))[:, 0]

    x = torch.randn(2, 4, 3)
    edge = to_edge(export(Views().eval(), (x,)))
    for alias_views in (False, True):
        manager = edge.to_executorch(ExecutorchBackendConfig(alias_views=alias_views))
        operators = set(_operators(deserialize_pte(manager.buffer)))
        assert {"aten::permute_copy.out", "aten::split_with_sizes_copy.out"} <= operators
        assert "aten::mul.Scalar_out" in operators
        # The reshape of the (contiguous) permuted copy keeps its bytes: an alias unless asked for copies.
        assert ("aten::view_copy.out" in operators) != alias_views
        got = _run(manager, x)
        for actual, expected in zip(got, Views()(x)):
            torch.testing.assert_close(actual, expected)


def test_unsupported_operators_are_listed_in_one_error():
    class Odd(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Linear(4, 4)

        def forward(self, x):
            y = torch.special.bessel_j0(self.inner(x))  # BESSEL
            return torch.special.bessel_j1(y) + torch.special.bessel_j0(y)

    with pytest.raises(UnsupportedOperatorError) as info:
        to_edge(export(Odd(), (torch.randn(1, 4),)))
    message = str(info.value)
    assert "2 operator(s) have no Wick kernel" in message
    assert "aten::special_bessel_j0.out  (2 uses)" in message
    assert "aten::special_bessel_j1.out  (1 use)" in message
    assert f"{__file__}:" in message and "# BESSEL" in message
    relaxed = to_edge(export(Odd(), (torch.randn(1, 4),)), compile_config=EdgeCompileConfig(_check_ir_validity=False))
    assert relaxed.exported_program().graph_module is not None


def test_exported_and_edge_programs_run_like_the_model():
    torch.manual_seed(0)
    model = _randomize_batch_norm(SmallCnn().eval())
    x = torch.randn(1, 3, 8, 8)
    exported = export(model, (x,))
    torch.testing.assert_close(exported.module()(x), model(x))
    assert "conv.weight" in exported.state_dict and exported.graph_signature.user_inputs
    edge = to_edge(exported)
    torch.testing.assert_close(edge.exported_program().module()(x), model(x), rtol=1e-4, atol=1e-5)


def test_backend_config_segment_alignment_is_honoured():
    torch.manual_seed(0)
    manager = to_edge(export(SmallCnn().eval(), (torch.randn(1, 3, 8, 8),))).to_executorch(
        ExecutorchBackendConfig(segment_alignment=4096)
    )
    _, base = struct.unpack_from("<QQ", manager.buffer, 16)
    assert base % 4096 == 0


def test_identity_model_returns_its_input_value():
    class Identity(nn.Module):
        def forward(self, x):
            return x

    _, pte = _export(Identity(), torch.randn(4))
    plan = pte.program.execution_plan[0]
    assert plan.inputs == plan.outputs and not plan.chains[0].instructions


def test_stacktrace_names_the_model_line_per_instruction():
    class Line(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 2)

        def forward(self, x):
            return torch.relu(self.fc(x))  # STACK-LINE

    manager = to_edge(export(Line().eval(), (torch.randn(1, 3),))).to_executorch(
        ExecutorchBackendConfig(emit_stacktrace=True)
    )
    chain = deserialize_pte(manager.buffer).program.execution_plan[0].chains[0]
    assert len(chain.stacktrace) == len(chain.instructions) == 2
    frames = [frame_list.items[0] for frame_list in chain.stacktrace]
    assert frames[0].name == "fc" and frames[0].filename == __file__ and "STACK-LINE" in frames[0].context
    plain = to_edge(export(Line().eval(), (torch.randn(1, 3),))).to_executorch()
    assert not deserialize_pte(plain.buffer).program.execution_plan[0].chains[0].stacktrace


def test_to_edge_transform_and_lower_without_partitioner():
    from wick.exir import to_edge_transform_and_lower

    manager = to_edge_transform_and_lower(export(Add(), (torch.ones(2), torch.ones(2)))).to_executorch()
    assert _operators(deserialize_pte(manager.buffer)) == ["aten::add.out"]
    with pytest.raises(NotImplementedError, match="partitioner"):
        to_edge_transform_and_lower(export(Add(), (torch.ones(2), torch.ones(2))), partitioner=[object()])


def test_transform_applies_user_passes_then_revalidates():
    from wick.passes import GraphPass, PassResult

    class ReluToClamp(GraphPass):
        def call(self, graph_module):
            for node in graph_module.graph.nodes:
                if node.target is torch.ops.aten.relu.default:
                    node.target = torch.ops.aten.clamp.default
                    node.args = (node.args[0], 0.0)
            return PassResult(graph_module, True)

    x = torch.randn(1, 4)
    edge = to_edge(export(nn.Sequential(nn.Linear(4, 4), nn.ReLU()).eval(), (x,)))
    transformed = edge.transform([ReluToClamp()])
    manager = transformed.to_executorch()
    assert "aten::clamp.out" in manager.operator_names and "aten::relu.out" not in manager.operator_names
    assert "aten::relu.out" in edge.to_executorch().operator_names  # the original is untouched
    (got,) = _run(manager, x)
    torch.testing.assert_close(got, edge.exported_program().module()(x))


def test_whole_tensor_reductions_and_nearest_upsampling():
    class Head(nn.Module):
        def forward(self, x):
            up = torch.nn.functional.interpolate(x, scale_factor=2, mode="nearest")
            return up - up.mean() + x.sum()

    x = torch.randn(1, 2, 3, 4)
    manager, pte = _export(Head(), x)
    operators = _operators(pte)
    assert {"aten::upsample_nearest2d.vec_out", "aten::mean.out", "aten::sum.IntList_out"} <= set(operators)
    (got,) = _run(manager, x)
    torch.testing.assert_close(got, Head()(x))
