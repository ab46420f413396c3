"""Improve a greedy placement by searching over placement orders.

Any packing can be reproduced by placing its tensors in a suitable order, so
the search moves tensors within the order: a tensor that ends at the top of
the buffer is moved earlier, or one of its overlapping neighbours later, and
the change is kept when the buffer does not grow. Deterministic (fixed seed)
and bounded; stops as soon as the lower bound is reached.
"""

from __future__ import annotations

import random
from typing import List

from .greedy import Placement, PlacementProblem


def improve_placement(
    problem: PlacementProblem, order: List[int], placement: Placement, lower_bound: int, iterations: int = 2000
) -> Placement:
    rng = random.Random(0)
    order = list(order)
    count = len(order)
    for _ in range(iterations):
        if placement.total <= lower_bound or count < 2:
            break
        culprits = [i for i in order if placement.offsets[i] + problem.sizes[i] == placement.total]
        culprit = rng.choice(culprits)
        candidate = list(order)
        neighbours = problem.neighbours[culprit]
        if neighbours and rng.random() < 0.5:
            moved = rng.choice(neighbours)
            position = candidate.index(moved)
            candidate.pop(position)
            candidate.insert(rng.randrange(position, count), moved)
        else:
            position = candidate.index(culprit)
            if position == 0:
                continue
            candidate.pop(position)
            candidate.insert(rng.randrange(0, position), culprit)
        trial = problem.place(candidate)
        if trial.total <= placement.total:
            order, placement = candidate, trial
    return placement
