"""`./wick sim`: run a .pte on a simulated Cortex-M board and print what it cost.

    python -m wick.sim.cli model.pte [--input x.npy ...] [--profile]
        [--board m55|m4|m7] [--output-dir DIR] [--json FILE]

Builds nothing: the ./wick wrapper builds the runner firmware first (see
wick.sim.runner for where it is looked for). Without --input, every input
gets seeded random values (--inputs random, --seed N) or zeros (--inputs
zeros). Instruction counts are QEMU's executed instructions under
-icount shift=5, read through the platform's calibrated SysTick counter.
Exit status: the firmware's (0 when the method ran), 3 when the run could
not happen (no firmware, timeout, no report).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import List, Optional, Sequence

import numpy as np

from wick.sim import qemu, runner
from wick.sim.report import Report

EXIT_NO_RUN = 3


def _n(value: Optional[int]) -> str:
    return "?" if value is None else f"{value:,}"


def operator_table(report: Report) -> List[str]:
    """Markdown tables: every executed instruction, then sums per operator."""
    total = sum(op.instructions for op in report.operators) or 1
    lines = ["| # | operator | calls | instructions | share |", "|---:|---|---:|---:|---:|"]
    for op in report.operators:
        lines.append(f"| {op.index} | {op.name} | {op.calls} | {op.instructions:,} | "
                     f"{100.0 * op.instructions / total:.1f}% |")
    lines += ["", "| operator | calls | instructions | share |", "|---|---:|---:|---:|"]
    for name, calls, count in report.by_operator():
        lines.append(f"| {name} | {calls} | {count:,} | {100.0 * count / total:.1f}% |")
    lines.append(f"| **all operators** | | **{sum(op.instructions for op in report.operators):,}** | |")
    return lines


def describe_output(index: int, array: np.ndarray) -> str:
    flat = array.reshape(-1)
    head = ", ".join(f"{v:.6g}" if flat.dtype.kind == "f" else str(v) for v in flat[:8])
    text = f"output {index}: {array.dtype} {list(array.shape)} = [{head}{', ...' if flat.size > 8 else ''}]"
    if flat.size > 1:
        text += f"  argmax {int(np.argmax(flat))}"
    return text


def summary(run: runner.SimRun, program: str) -> List[str]:
    r = run.report
    lines = [f"{program} on {run.board} ({qemu.BOARDS.get(run.board, run.board)}): method "
             f"{r.method}, {_n(r.num_instructions)} instructions, status {r.status}"]
    for info in r.inputs:
        lines.append(f"input {info.index}: {info.dtype} {list(info.shape)} ({info.location})")
    lines += [describe_output(i, a) for i, a in enumerate(run.outputs)]
    if r.ok:
        m, s = r.memory, r.stack
        lines.append(f"executed: {_n(r.total_instructions)} instructions")
        lines.append(f"memory: planned {_n(m.get('planned'))} B, method arena "
                     f"{_n(m.get('method_arena'))} B, temp arena {_n(m.get('temp_arena'))} B, "
                     f"program {_n(m.get('program'))} B; stack {_n(s.get('high_water'))} of "
                     f"{_n(s.get('size'))} B")
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="wick sim", description=__doc__.splitlines()[0])
    parser.add_argument("program", help=".pte file")
    parser.add_argument("--input", action="append", default=[], metavar="X.npy",
                        help="one per method input, in order")
    parser.add_argument("--inputs", choices=["random", "zeros"], default="random",
                        help="generated inputs when no --input is given (default random)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--method", default=None, help="default: the program's first method")
    parser.add_argument("--profile", action="store_true", help="instructions per operator")
    parser.add_argument("--board", choices=sorted(qemu.BOARDS), default="m55")
    parser.add_argument("--output-dir", default=None, help="write output_<i>.npy here")
    parser.add_argument("--json", default=None, metavar="FILE", help="write the report as JSON")
    parser.add_argument("--elf", default=None, help="runner firmware (default: the board's build)")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)

    try:
        inputs = list(args.input)
        if not inputs and args.inputs == "random":
            inputs = runner.random_inputs(args.program, args.seed, args.method)
        run = runner.run_program(args.program, inputs, board=args.board, method=args.method,
                                 profile=args.profile, elf=args.elf, timeout=args.timeout)
    except (runner.SimError, OSError, ValueError) as error:
        print(f"wick sim: {error}", file=sys.stderr)
        return EXIT_NO_RUN

    if not run.report.ok:
        sys.stdout.write(run.console)
        print(f"wick sim: the method failed: {run.report.status}", file=sys.stderr)
    print("\n".join(summary(run, pathlib.Path(args.program).name)))
    if args.profile and run.report.operators:
        print()
        print("\n".join(operator_table(run.report)))
    if args.output_dir and run.report.ok:
        out = pathlib.Path(args.output_dir)
        out.mkdir(parents=True, exist_ok=True)
        for i, array in enumerate(run.outputs):
            np.save(out / f"output_{i}.npy", array, allow_pickle=False)
    if args.json:
        data = {"program": str(args.program), "board": run.board,
                "machine": qemu.BOARDS.get(run.board, run.board), "elf": str(run.elf),
                "returncode": run.returncode, **run.report.to_json()}
        pathlib.Path(args.json).write_text(json.dumps(data, indent=1) + "\n")
    return run.returncode if run.returncode is not None else EXIT_NO_RUN


if __name__ == "__main__":
    sys.exit(main())
