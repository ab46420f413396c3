"""Offset assignment: greedy best-fit placement of lifetimes in one buffer.

Tensors are placed one at a time, each in the smallest gap (between tensors
already placed whose lifetimes overlap its own) that holds it, or on top.
The order matters; ``place_greedy`` tries several orders (by size, by
size x duration, by conflict weight, by start time) and keeps the smallest.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, List, Sequence

from .lifetimes import Lifetime


def align_up(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


@dataclasses.dataclass
class Placement:
    offsets: Dict[int, int]  # index into the lifetimes list -> byte offset
    total: int


class PlacementProblem:
    """Aligned sizes and the overlap graph of a list of lifetimes."""

    def __init__(self, lifetimes: List[Lifetime], alignment: int):
        if alignment <= 0 or alignment & (alignment - 1):
            raise ValueError(f"alignment must be a power of two, got {alignment}")
        self.lifetimes = lifetimes
        self.sizes = [align_up(item.nbytes, alignment) for item in lifetimes]
        by_start = sorted(range(len(lifetimes)), key=lambda i: lifetimes[i].first)
        self.neighbours: List[List[int]] = [[] for _ in lifetimes]
        for position, i in enumerate(by_start):
            for j in by_start[position + 1:]:
                if lifetimes[j].first > lifetimes[i].last:
                    break
                self.neighbours[i].append(j)
                self.neighbours[j].append(i)

    def place(self, order: Sequence[int]) -> Placement:
        offsets: Dict[int, int] = {}
        total = 0
        for index in order:
            size = self.sizes[index]
            busy = sorted((offsets[j], offsets[j] + self.sizes[j]) for j in self.neighbours[index] if j in offsets)
            best_offset, best_gap, cursor = None, None, 0
            for start, end in busy:
                gap = start - cursor
                if gap >= size and (best_gap is None or gap < best_gap):
                    best_offset, best_gap = cursor, gap
                cursor = max(cursor, end)
            offset = cursor if best_offset is None else best_offset
            offsets[index] = offset
            total = max(total, offset + size)
        return Placement(offsets, total)

    def candidate_orders(self) -> List[List[int]]:
        items, sizes = self.lifetimes, self.sizes

        def duration(i):
            return items[i].last - items[i].first + 1

        weight = [sizes[i] + sum(sizes[j] for j in self.neighbours[i]) for i in range(len(items))]
        keys: List[Callable[[int], tuple]] = [
            lambda i: (-sizes[i], -duration(i), items[i].first),
            lambda i: (-sizes[i] * duration(i), items[i].first),
            lambda i: (-weight[i], -sizes[i]),
            lambda i: (items[i].first, -sizes[i]),
        ]
        indices = range(len(items))
        return [sorted(indices, key=key) for key in keys]


def place_greedy(problem: PlacementProblem) -> tuple:
    """(order, placement) with the smallest total over the candidate orders."""
    best = None
    for order in problem.candidate_orders():
        placement = problem.place(order)
        if best is None or placement.total < best[1].total:
            best = (order, placement)
    return best if best is not None else ([], Placement({}, 0))
