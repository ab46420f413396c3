"""Per model: what the TOSA partitioner delegates, and whether the result runs bit-exactly.

    PYTHONPATH=python /usr/bin/python3 -m wick.backends.tosa.benchmark [--sim] [--json FILE] [MODEL ...]

For each zoo model (default: TinyRPS, MobileNetV2 and the MLPerf Tiny models), int8 (PRO-INT):
quantize (4 seeded calibration inputs), lower to TOSA, count the torch operators inside TOSA
delegates and the ones left to CPU kernels, then run the program in Wick on the host (and on the
simulated Cortex-M55 with --sim) and compare with the numpy model of the TOSA specification
(wick.backends.tosa.reference) bit for bit. Float (PRO-FP): the same lowering of the float export,
compared with PyTorch eager (largest error relative to the output's largest magnitude).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from typing import List, Optional, Sequence

import numpy as np
import torch

DEFAULT_MODELS = ["tiny_rps", "mobilenet_v2", "ds_cnn", "mobilenet_v1_025", "resnet8", "deep_autoencoder"]


@dataclasses.dataclass
class Row:
    model: str
    precision: str  # "int8" or "fp32"
    delegates: int
    delegated_ops: int
    tosa_ops: int
    cpu_ops: List[str]
    inputs: int
    host_matches: int  # int8: bit-identical to the numpy model; fp32: within tolerance of torch
    host_error: float  # fp32: largest |wick - torch| / max|torch|
    m55_matches: Optional[int] = None
    m55_instructions: Optional[int] = None
    m55_temp_arena: Optional[int] = None
    m55_status: Optional[str] = None  # the runtime's error when the program does not fit the runner


def _first(value):
    return value[0] if isinstance(value, (list, tuple)) else value


def _inputs(entry, count: int) -> List[torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    return [torch.randn(entry.input_shapes[0], generator=generator) for _ in range(count)]


def _sim(buffer: bytes, inputs: List[np.ndarray], expected: List[np.ndarray], exact: bool, row: Row) -> None:
    from wick.sim import runner

    with tempfile.NamedTemporaryFile(suffix=".pte") as f:
        f.write(buffer)
        f.flush()
        matches = 0
        for x, want in zip(inputs, expected):
            run = runner.run_program(f.name, [x], board="m55")
            if run.report.status == "OutOfResources" and not exact:
                row.m55_status = "does not fit the runner's memory"  # float MobileNetV2: 14 MB
                return
            if not run.report.ok:
                raise RuntimeError(f"{row.model} {row.precision} on the M55: {run.report.status}")
            got = run.outputs[0]
            same = np.array_equal(got, want) if exact else _relative_error(got, want) <= 1e-4
            matches += int(same)
            row.m55_instructions = run.report.total_instructions
            row.m55_temp_arena = run.report.memory.get("temp_arena")
        row.m55_matches = matches


def _relative_error(got: np.ndarray, want: np.ndarray) -> float:
    scale = float(np.max(np.abs(want))) or 1.0
    return float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))) / scale


def measure_int8(name: str, count: int, sim: bool) -> Row:
    from wick.backends.tosa import to_tosa
    from wick.backends.tosa.runner import run_pte
    from wick.export import export
    from wick.models.zoo import ZOO
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e

    entry = ZOO[name]
    data = _inputs(entry, count)
    prepared = prepare_pt2e(export(entry.create(), (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    edge = to_tosa(convert_pt2e(prepared))
    report = edge.tosa_report
    program = edge.to_executorch()
    lowered = edge.exported_program().module()  # delegates computed by the numpy TOSA model
    inputs = [x.numpy() for x in data]
    with torch.no_grad():
        expected = [_first(lowered(x)).numpy() for x in data]
    host = [run_pte(program.buffer, [x])[0] for x in inputs]
    row = Row(name, "int8", report.partitions, report.delegated_ops, report.tosa_operators,
              sorted(set(program.operator_names)), count,
              sum(int(np.array_equal(h, e)) for h, e in zip(host, expected)), 0.0)
    if sim:
        _sim(program.buffer, inputs, expected, True, row)
    return row


def measure_fp32(name: str, count: int, sim: bool) -> Row:
    from wick.backends.tosa.partitioner import TosaPartitioner
    from wick.backends.tosa.runner import run_pte
    from wick.exir import to_edge_transform_and_lower
    from wick.export import export
    from wick.models.zoo import ZOO

    entry = ZOO[name]
    model = entry.create()
    data = _inputs(entry, count)
    partitioner = TosaPartitioner()
    program = to_edge_transform_and_lower(export(model, (data[0],)), partitioner=[partitioner]).to_executorch()
    report = partitioner.report
    inputs = [x.numpy() for x in data]
    with torch.no_grad():
        expected = [_first(model(x)).numpy() for x in data]
    errors = [_relative_error(run_pte(program.buffer, [x])[0], e) for x, e in zip(inputs, expected)]
    row = Row(name, "fp32", report.partitions, report.delegated_ops, report.tosa_operators,
              sorted(set(program.operator_names)), count, sum(int(e <= 1e-4) for e in errors), max(errors))
    if sim:
        _sim(program.buffer, inputs, expected, False, row)
    return row


def _n(value: Optional[int]) -> str:
    return "–" if value is None else f"{value:,}"


def table(rows: Sequence[Row]) -> List[str]:
    lines = ["| model | precision | delegates | torch ops delegated | TOSA ops | on the CPU | host | M55 "
             "| M55 instructions | M55 temp arena |",
             "|---|---|---:|---:|---:|---|---|---|---:|---:|"]
    for r in rows:
        cpu = ", ".join(f"`{op.split('::')[-1]}`" for op in r.cpu_ops) or "none"
        if r.precision == "int8":
            host = f"{r.host_matches}/{r.inputs} bit-identical"
            m55 = "–" if r.m55_matches is None else f"{r.m55_matches}/{r.inputs} bit-identical"
        else:
            host = f"{r.host_matches}/{r.inputs} within 1e-4 (max {r.host_error:.1e})"
            m55 = r.m55_status or ("–" if r.m55_matches is None else f"{r.m55_matches}/{r.inputs} within 1e-4")
        lines.append(f"| {r.model} | {r.precision} | {r.delegates} | {r.delegated_ops} | {r.tosa_ops} | {cpu} "
                     f"| {host} | {m55} | {_n(r.m55_instructions)} | {_n(r.m55_temp_arena)} |")
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--inputs", type=int, default=3, help="seeded inputs per model (default 3)")
    parser.add_argument("--sim", action="store_true", help="also run on the simulated Cortex-M55")
    parser.add_argument("--no-float", action="store_true", help="int8 (PRO-INT) only")
    parser.add_argument("--json", metavar="FILE", help="write the rows as JSON")
    args = parser.parse_args(argv)
    rows = []
    for name in args.models:
        for precision, measure in (("int8", measure_int8), ("fp32", measure_fp32)):
            if precision == "fp32" and args.no_float:
                continue
            print(f"tosa benchmark: {name} {precision}", file=sys.stderr, flush=True)
            rows.append(measure(name, args.inputs, args.sim))
    print("\n".join(table(rows)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dataclasses.asdict(r) for r in rows], f, indent=1)
    exact = all(r.host_matches == r.inputs and r.m55_matches in (None, r.inputs) for r in rows)
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
