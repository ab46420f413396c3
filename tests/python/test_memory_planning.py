"""Memory planning: validity of plans, the lower bound, and hard cases."""

import random

import pytest
import torch
from torch import nn

from wick.memory_planning import Lifetime, align_up, lower_bound, plan_lifetimes, plan_memory


def _lifetimes(spec):
    return [Lifetime(f"t{i}", nbytes, first, last) for i, (nbytes, first, last) in enumerate(spec)]


def _assert_valid(plan, alignment=16):
    items = plan.lifetimes
    for item in items:
        offset = plan.offsets[item.key]
        assert offset % alignment == 0
        assert offset + item.nbytes <= plan.planned_bytes
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a.overlaps(b) and a.nbytes and b.nbytes:
                a_start, b_start = plan.offsets[a.key], plan.offsets[b.key]
                disjoint = a_start + align_up(a.nbytes, alignment) <= b_start or b_start + align_up(b.nbytes, alignment) <= a_start
                assert disjoint, f"{a} and {b} are live together but share memory"


def test_chain_reuses_memory_and_meets_the_bound():
    # x0 -> x1 -> x2 -> x3: only neighbours are live together
    items = _lifetimes([(100, -1, 0), (200, 0, 1), (100, 1, 2), (50, 2, 3)])
    plan = plan_lifetimes(items, 4)
    _assert_valid(plan)
    assert plan.lower_bound_bytes == align_up(200, 16) + align_up(100, 16)
    assert plan.planned_bytes == plan.lower_bound_bytes


def test_lower_bound_counts_aligned_bytes_live_at_the_same_instruction():
    items = _lifetimes([(1, 0, 0), (1, 0, 1), (40, 1, 1)])
    assert lower_bound(items, 2) == 16 + 48


def test_long_lived_skip_tensor_does_not_fragment_the_plan():
    # a skip tensor live across a chain of big/small tensors, as in residual networks
    items = _lifetimes([(256, 0, 9), (512, 1, 2), (512, 2, 3), (256, 3, 4), (512, 4, 5), (512, 5, 9), (256, 9, 10)])
    plan = plan_lifetimes(items, 11)
    _assert_valid(plan)
    assert plan.planned_bytes == plan.lower_bound_bytes


@pytest.mark.parametrize("seed", range(8))
def test_random_lifetimes_give_valid_plans_close_to_the_bound(seed):
    rng = random.Random(seed)
    spec = []
    for _ in range(60):
        first = rng.randrange(0, 40)
        spec.append((rng.choice([64, 128, 256, 1000, 4096]), first, first + rng.randrange(0, 6)))
    plan = plan_lifetimes(_lifetimes(spec), 46)
    _assert_valid(plan)
    assert plan.planned_bytes >= plan.lower_bound_bytes
    assert plan.planned_bytes <= 1.25 * plan.lower_bound_bytes


def test_plan_of_a_graph_covers_inputs_outputs_and_every_activation():
    from wick.exir import to_edge
    from wick.export import export

    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 8, 3), nn.ReLU()).eval()
    edge = to_edge(export(model, (torch.randn(1, 3, 10, 10),)))
    graph = edge.exported_program().graph
    plan = plan_memory(graph)
    _assert_valid(plan)
    planned = {key for key in plan.offsets}
    for node in graph.nodes:
        if node.op in ("placeholder",) or (node.op == "call_function"):
            assert node in planned
    # input (1200 B) and the two conv outputs are never all live at once
    assert plan.planned_bytes == plan.lower_bound_bytes
