"""Copies that keep the bytes (permute_copy / view_copy) become aliases: no instruction, the input's memory.

The rule against torch's own bytes, the TinyRPS int8 NHWC flatten before fc1, copies that must stay
copies, results equal to torch and to the copy version (runtime and oracle), and the memory plan
keeping an alias group's bytes untouched while any member is still read.
"""

import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from wick.exir import ExecutorchBackendConfig, to_edge
from wick.exir.tensor_spec import TensorSpec
from wick.export import export
from wick.memory_planning import align_up, copies_bytes_unchanged, instruction_nodes, value_key
from wick.oracle import evaluate, tensor_to_bytes
from wick.pte import deserialize_pte

aten = torch.ops.aten
COPIES = ExecutorchBackendConfig(alias_views=False)


def _operators(buffer):
    return [f"{op.name}.{op.overload}" for op in deserialize_pte(buffer).method("forward").operators]


def _calls(buffer):
    plan = deserialize_pte(buffer).method("forward")
    for instruction in plan.chains[0].instructions:
        call = instruction.instr_args
        op = plan.operators[call.op_index]
        yield f"{op.name}.{op.overload}", [plan.values[i].val for i in call.args]


def _where(tensor):
    return tensor.allocation_info.memory_id, tensor.allocation_info.memory_offset_low


# ---- the rule ----------------------------------------------------------------------------------


def _copy_node(target, shape, order, arg, out_shape, out_order):
    graph = torch.fx.Graph()
    x = graph.placeholder("x")
    x.meta["val"] = TensorSpec(tuple(shape), torch.int8, tuple(order))
    node = graph.call_function(target, (x, arg))
    node.meta["val"] = TensorSpec(tuple(out_shape), torch.int8, tuple(out_order))
    return node


def _random_order(rng, rank):
    order = list(range(rank))
    rng.shuffle(order)
    return order


def _case(rng):
    """A random permute_copy or view_copy node and whether its output bytes equal its input's."""
    rank = rng.randrange(1, 5)
    shape = [rng.choice([1, 1, 2, 3, 4]) for _ in range(rank)]
    order = _random_order(rng, rank)
    logical = torch.arange(int(np.prod(shape)), dtype=torch.int8).reshape(shape)
    if rng.random() < 0.5:
        dims = _random_order(rng, rank)
        out = logical.permute(dims)
        node = _copy_node(aten.permute_copy.default, shape, order, dims, out.shape, _random_order(rng, rank))
    else:
        out_shape = rng.choice([[int(np.prod(shape))], list(reversed(shape)), shape])
        out = logical.reshape(out_shape)
        out_order = list(range(len(out_shape))) if rng.random() < 0.5 else _random_order(rng, len(out_shape))
        node = _copy_node(aten.view_copy.default, shape, order, out_shape, out_shape, out_order)
    return node, tensor_to_bytes(out, node.meta["val"].dim_order) == tensor_to_bytes(logical, order)


def test_only_byte_identical_copies_alias_and_every_byte_identical_permute_does():
    rng = random.Random(0)
    aliased = {aten.permute_copy.default: 0, aten.view_copy.default: 0}
    for _ in range(600):
        node, same_bytes = _case(rng)
        rule = copies_bytes_unchanged(node)
        what = (node.target, node.args[0].meta["val"], node.args[1], node.meta["val"])
        assert same_bytes or not rule, what  # never an alias whose bytes differ
        if node.target is aten.permute_copy.default:
            assert rule == same_bytes, what
        aliased[node.target] += rule
    assert min(aliased.values()) > 40


@pytest.mark.parametrize("shape, order, out_shape, out_order", [
    ([1, 64, 7, 7], [0, 1, 2, 3], [1, 3136], [0, 1]),   # flatten of a contiguous NCHW tensor
    ([1, 7, 7, 64], [0, 1, 2, 3], [1, 3136], [0, 1]),   # the flatten after TinyRPS's NHWC permute
    ([1, 64, 1, 1], [0, 2, 3, 1], [1, 64], [0, 1]),     # size-1 dimensions never move bytes
    ([2, 3, 4], [0, 2, 1], [2, 3, 4], [0, 2, 1]),       # same shape, same memory order
])
def test_row_major_reshapes_alias(shape, order, out_shape, out_order):
    assert copies_bytes_unchanged(_copy_node(aten.view_copy.default, shape, order, out_shape, out_shape, out_order))


def test_a_reshape_of_nhwc_bytes_in_nchw_order_does_not_alias():
    node = _copy_node(aten.view_copy.default, [1, 64, 7, 7], [0, 2, 3, 1], [1, 3136], [1, 3136], [0, 1])
    assert not copies_bytes_unchanged(node)


# ---- TinyRPS int8: the NHWC flatten before fc1 ---------------------------------------------------


@pytest.fixture(scope="module")
def tiny_rps_edge():
    from wick.models.tiny_rps import TinyRPS
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    torch.manual_seed(0)
    model = TinyRPS().eval()
    generator = torch.Generator().manual_seed(1)
    data = [torch.randn(TinyRPS.input_shape, generator=generator) for _ in range(8)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    return to_cortex_m(convert_pt2e(prepared), report=lambda line: None)


def test_tiny_rps_int8_flatten_before_fc1_is_an_alias_of_the_pool_output(tiny_rps_edge):
    aliased, copied = tiny_rps_edge.to_executorch(), tiny_rps_edge.to_executorch(COPIES)
    assert {"aten::permute_copy.out", "aten::view_copy.out"} <= set(_operators(copied.buffer))
    names = _operators(aliased.buffer)
    assert "aten::permute_copy.out" not in names and "aten::view_copy.out" not in names
    calls = list(_calls(aliased.buffer))
    assert len(calls) == len(list(_calls(copied.buffer))) - 2
    pool = [args for name, args in calls if name == "cortex_m::quantized_max_pool2d.out"][-1][-1]
    fc1 = next(args for name, args in calls if name == "cortex_m::quantized_linear.out")[0]
    assert list(pool.sizes) == [1, 64, 7, 7] and list(pool.dim_order) == [0, 2, 3, 1]
    assert list(fc1.sizes) == [1, 7 * 7 * 64] and list(fc1.dim_order) == [0, 1]
    assert _where(fc1) == _where(pool)
    assert aliased.memory_plan.planned_bytes <= copied.memory_plan.planned_bytes


def test_tiny_rps_int8_aliased_logits_are_bit_identical_to_the_copies(tiny_rps_edge, tmp_path):
    runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")
    modules = []
    for name, config in (("aliased", None), ("copied", COPIES)):
        path = tmp_path / f"{name}.pte"
        tiny_rps_edge.to_executorch(config).save(str(path))
        modules.append(runtime.load(str(path)))
    generator = torch.Generator().manual_seed(5)
    for _ in range(6):
        x = torch.randn(1, 1, 28, 28, generator=generator)
        got, expected = (np.asarray(module.forward(x)[0]) for module in modules)
        assert np.array_equal(got, expected)


# ---- copies that must stay copies ----------------------------------------------------------------


class PermuteThenLinear(nn.Module):
    """A transpose changes the bytes: it stays a permute_copy."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 5)

    def forward(self, x):
        return self.fc(x.permute(0, 2, 1))


class FlattenIsTheOutput(nn.Module):
    """A graph output never aliases: a caller may give it memory of its own."""

    def forward(self, x):
        return torch.relu(x).flatten(1)


@pytest.mark.parametrize("model, shape, kept", [
    (PermuteThenLinear(), (1, 4, 3), "aten::permute_copy.out"),
    (FlattenIsTheOutput(), (2, 3, 4), "aten::view_copy.out"),
])
def test_copies_that_cannot_alias_stay_copies(model, shape, kept):
    x = torch.randn(*shape)
    manager = to_edge(export(model.eval(), (x,))).to_executorch()
    assert kept in _operators(manager.buffer)
    assert not manager.memory_plan.aliases
    torch.testing.assert_close(evaluate(deserialize_pte(manager.buffer), "forward", [x])[0], model(x))


def test_nhwc_flatten_without_the_fc1_reorder_keeps_its_layout_copy(monkeypatch):
    """Without _flatten_nhwc, fc1 reads NCHW order: the NHWC -> NCHW clone stays, only the view aliases it."""
    from wick.models.tiny_rps import TinyRPS
    from wick.passes.lower_cortex_m_compute import ComputePatterns
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    torch.manual_seed(0)
    model = TinyRPS().eval()
    data = [torch.randn(TinyRPS.input_shape) for _ in range(4)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    monkeypatch.setattr(ComputePatterns, "_flatten_nhwc", lambda self, x, w_q, before: (x, w_q))
    manager = to_cortex_m(convert_pt2e(prepared), report=lambda line: None).to_executorch()
    calls = list(_calls(manager.buffer))
    clone = next(args for name, args in calls if name == "dim_order_ops::_clone_dim_order.out")
    assert list(clone[0].dim_order) == [0, 2, 3, 1] and list(clone[-1].dim_order) == [0, 1, 2, 3]
    fc1 = next(args for name, args in calls if name == "cortex_m::quantized_linear.out")[0]
    assert _where(fc1) == _where(clone[-1]) and _where(clone[-1]) != _where(clone[0])


# ---- results and the memory plan -----------------------------------------------------------------


class LateRead(nn.Module):
    """The flattened conv output is read by fc1 and again after two more layers: its root, read
    directly only by the (aliased) flatten, must stay untouched until that last read."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc1 = nn.Linear(8 * 6 * 6, 32)
        self.fc2 = nn.Linear(32, 8 * 6 * 6)
        self.fc3 = nn.Linear(8 * 6 * 6, 4)

    def forward(self, x):
        flat = F.relu(self.conv(x)).flatten(1)
        h = self.fc2(F.relu(self.fc1(flat)))
        return self.fc3(h * flat)


def _assert_alias_groups_untouched_while_read(plan, graph, alignment=16):
    by_key = {item.key: item for item in plan.lifetimes}
    reads = {}
    for step, node in enumerate(instruction_nodes(graph, plan.aliases)):
        for arg in node.all_input_nodes:
            reads.setdefault(value_key(arg), []).append(step)
    checked = 0
    for member, root in plan.aliases.items():
        start = plan.offsets[root]
        end = start + align_up(by_key[root].nbytes, alignment)
        for step in reads.get(member, []):
            assert by_key[root].first <= step <= by_key[root].last
            for other in plan.lifetimes:
                if other.key == root or not other.first <= step <= other.last:
                    continue
                other_start = plan.offsets[other.key]
                other_end = other_start + align_up(other.nbytes, alignment)
                assert other_end <= start or end <= other_start, f"{other.key} overwrites {root} at step {step}"
            checked += 1
    return checked


def test_late_read_alias_runs_like_torch_and_the_copies_and_stays_protected(tmp_path):
    torch.manual_seed(0)
    model, x = LateRead().eval(), torch.randn(1, 3, 8, 8)
    edge = to_edge(export(model, (x,)))
    aliased, copied = edge.to_executorch(), edge.to_executorch(COPIES)
    assert "aten::view_copy.out" in _operators(copied.buffer)
    assert "aten::view_copy.out" not in _operators(aliased.buffer)
    assert len(aliased.memory_plan.aliases) == 1
    assert _assert_alias_groups_untouched_while_read(aliased.memory_plan, aliased.exported_program().graph) == 2
    assert aliased.memory_plan.planned_bytes <= copied.memory_plan.planned_bytes

    with torch.no_grad():
        expected = model(x)
    results = [evaluate(deserialize_pte(m.buffer), "forward", [x])[0] for m in (aliased, copied)]
    torch.testing.assert_close(results[0], expected)
    assert torch.equal(results[0], results[1])

    runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")
    outputs = []
    for name, manager in (("aliased", aliased), ("copied", copied)):
        manager.save(str(tmp_path / f"{name}.pte"))
        outputs.append(np.asarray(runtime.load(str(tmp_path / f"{name}.pte")).forward(x)[0]))
    torch.testing.assert_close(torch.from_numpy(outputs[0]), expected, rtol=1e-4, atol=1e-5)
    assert np.array_equal(outputs[0], outputs[1])


def test_tiny_rps_int8_alias_group_is_untouched_while_read(tiny_rps_edge):
    manager = tiny_rps_edge.to_executorch()
    assert len(manager.memory_plan.aliases) == 2  # the permute and the view, both onto the pool output
    assert len(set(manager.memory_plan.aliases.values())) == 1
    assert _assert_alias_groups_untouched_while_read(manager.memory_plan, manager.exported_program().graph) == 1


def test_the_oracle_reads_an_alias_as_the_bytes_last_written_there():
    """Hand-built: y = x + x stored NHWC, a = y's bytes read as a contiguous [1, H*W*C], out = a + a."""
    from wick.pte import pack_constants, serialize_pte
    from wick.pte.schema import (AllocationDetails, Chain, EValue, ExecutionPlan, Instruction, Int, KernelCall,
                                 Operator, Program, ScalarType, SubsegmentOffsets, Tensor)

    def planned(sizes, dim_order, offset):
        return EValue(Tensor(scalar_type=ScalarType.FLOAT, sizes=sizes, dim_order=dim_order,
                             allocation_info=AllocationDetails(memory_id=1, memory_offset_low=offset)))

    values = [planned([1, 3, 2, 2], [0, 2, 3, 1], 0),   # 0: x
              EValue(Int(1)),                           # 1: alpha
              planned([1, 3, 2, 2], [0, 2, 3, 1], 64),  # 2: y = x + x
              planned([1, 12], [0, 1], 64),             # 3: alias of y, nothing writes it
              planned([1, 12], [0, 1], 128)]            # 4: out = alias + alias
    add = Operator(name="aten::add", overload="out")
    calls = [KernelCall(op_index=0, args=[0, 0, 1, 2, 2]), KernelCall(op_index=0, args=[3, 3, 1, 4, 4])]
    plan = ExecutionPlan(name="forward", values=values, inputs=[0], outputs=[4],
                         chains=[Chain(instructions=[Instruction(c) for c in calls])], operators=[add],
                         non_const_buffer_sizes=[0, 192])
    blob, offsets = pack_constants([])
    program = Program(execution_plan=[plan], constant_segment=SubsegmentOffsets(segment_index=0, offsets=offsets))
    pte = deserialize_pte(serialize_pte(program, [blob]))
    x = torch.randn(1, 3, 2, 2)
    (out,) = evaluate(pte, "forward", [x])
    assert torch.equal(out, (4 * x).permute(0, 2, 3, 1).reshape(1, 12))
