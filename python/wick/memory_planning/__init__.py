"""Memory planning: every activation, input and output in planned buffer 1.

``plan_memory(graph)`` computes lifetimes (lifetimes.py), assigns 16-byte
aligned offsets greedily (greedy.py), improves them by a bounded search over
placement orders when above the lower bound (local_search.py) and reports the plan's size against the
lower bound: the most bytes (aligned) simultaneously live at any instruction.
No plan can be smaller than that bound.

Byte aliases (aliases.py: copies that leave the bytes as they are) share their
root's memory: ``plan_memory(graph, aliases=find_byte_aliases(graph))``.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, List, Mapping, Optional

import torch

from .aliases import copies_bytes_unchanged, find_byte_aliases
from .greedy import Placement, PlacementProblem, align_up, place_greedy
from .local_search import improve_placement
from .lifetimes import Lifetime, ValueKey, compute_lifetimes, instruction_nodes, value_key

PLANNED_MEMORY_ID = 1


@dataclasses.dataclass
class MemoryPlan:
    memory_id: int
    offsets: Dict[ValueKey, int]
    planned_bytes: int
    lower_bound_bytes: int
    lifetimes: List[Lifetime]
    aliases: Dict[ValueKey, ValueKey] = dataclasses.field(default_factory=dict)  # alias value -> root

    def offset_of(self, key: ValueKey) -> int:
        """Offset of a planned value; an alias lies at its root's offset."""
        return self.offsets[self.aliases.get(key, key)]

    @property
    def overhead(self) -> float:
        """planned / lower bound - 1 (0.0 is optimal)."""
        return self.planned_bytes / self.lower_bound_bytes - 1.0 if self.lower_bound_bytes else 0.0

    def describe(self) -> str:
        return (
            f"planned {self.planned_bytes} bytes, lower bound {self.lower_bound_bytes} bytes "
            f"(+{100 * self.overhead:.1f}%), {len(self.lifetimes)} tensors"
        )


def lower_bound(lifetimes: List[Lifetime], n_steps: int, alignment: int = 16) -> int:
    """Max over instructions of the aligned bytes live at that instruction."""
    live = [0] * (n_steps + 2)
    for item in lifetimes:
        size = align_up(item.nbytes, alignment)
        for step in range(item.first, item.last + 1):
            live[step + 1] += size
    return max(live, default=0)


def plan_memory(
    graph: torch.fx.Graph, alignment: int = 16, aliases: Optional[Mapping[ValueKey, ValueKey]] = None
) -> MemoryPlan:
    lifetimes, n_steps = compute_lifetimes(graph, aliases)
    return plan_lifetimes(lifetimes, n_steps, alignment, aliases)


def plan_lifetimes(
    lifetimes: List[Lifetime], n_steps: int, alignment: int = 16, aliases: Optional[Mapping[ValueKey, ValueKey]] = None
) -> MemoryPlan:
    bound = lower_bound(lifetimes, n_steps, alignment)
    problem = PlacementProblem(lifetimes, alignment)
    order, placement = place_greedy(problem)
    placement = improve_placement(problem, order, placement, bound)
    offsets = {lifetimes[i].key: offset for i, offset in placement.offsets.items()}
    return MemoryPlan(PLANNED_MEMORY_ID, offsets, placement.total, bound, lifetimes, dict(aliases or {}))


__all__ = [
    "Lifetime",
    "MemoryPlan",
    "PLANNED_MEMORY_ID",
    "Placement",
    "PlacementProblem",
    "align_up",
    "compute_lifetimes",
    "copies_bytes_unchanged",
    "find_byte_aliases",
    "instruction_nodes",
    "lower_bound",
    "place_greedy",
    "improve_placement",
    "plan_lifetimes",
    "plan_memory",
    "value_key",
]
