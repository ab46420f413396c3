"""Export benchmark over the model zoo: a markdown table for docs/benchmarks.md.

    python -m wick.export.benchmark            # the default (non-slow) zoo models
    python -m wick.export.benchmark --all      # every zoo model
    python -m wick.export.benchmark --models resnet8,ds_cnn -o table.md

Columns: export time (capture + edge passes + planning + emission, one run on
this machine), .pte size, planned activation bytes, the lower bound (most
bytes simultaneously live) and the plan's overhead over it.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import List, Optional

from wick.exir import to_edge
from wick.models import ZOO

from . import export

HEADER = (
    "| model | family | export time (s) | .pte bytes | planned bytes | lower bound | overhead |\n"
    "|---|---|---:|---:|---:|---:|---:|"
)


def measure(name: str) -> str:
    entry = ZOO[name]
    model, inputs = entry.create(), entry.example_inputs()
    start = time.monotonic()
    manager = to_edge(export(model, inputs)).to_executorch()
    seconds = time.monotonic() - start
    plan = manager.memory_plan
    return (
        f"| {name} | {entry.family} | {seconds:.1f} | {len(manager.buffer):,} | {plan.planned_bytes:,} "
        f"| {plan.lower_bound_bytes:,} | {100 * plan.overhead:.1f}% |"
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="include the slow (large) models")
    parser.add_argument("--models", help="comma-separated zoo names (default: the non-slow ones)")
    parser.add_argument("-o", "--output", help="write the table here as well as to stdout")
    args = parser.parse_args(argv)
    if args.models:
        names = [n.strip() for n in args.models.split(",") if n.strip()]
        unknown = [n for n in names if n not in ZOO]
        if unknown:
            print(f"unknown zoo models: {', '.join(unknown)}; known: {', '.join(ZOO)}", file=sys.stderr)
            return 1
    else:
        names = [n for n, e in ZOO.items() if args.all or not e.slow]
    rows = [HEADER]
    print(HEADER, flush=True)
    for name in names:
        row = measure(name)
        rows.append(row)
        print(row, flush=True)
    if args.output:
        with open(args.output, "w") as f:
            f.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
