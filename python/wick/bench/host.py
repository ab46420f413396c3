"""`./wick bench host`: Wick's C++ runtime against PyTorch eager on this machine.

    python -m wick.bench.host [--json FILE] [--models a,b] [--int8-models a,b] [--repeat N]
                              [--no-int8] [--out DIR]

Prints markdown tables:
  * fp32: per-model median latency of Wick (the C++ runtime through
    wick.runtime, portable kernels) and of PyTorch eager, both on one thread
    (torch.set_num_threads(1)), the same seeded input, after warm-up runs,
    the two runs interleaved; Wick's output is checked against PyTorch's
    before timing;
  * int8 vs fp32 in Wick: the zoo models whose int8 export works
    (wick.quantization, calibrated on seeded random inputs), the int8 program
    (cortex_m:: reference kernels) against the fp32 one; models whose int8
    export fails are listed with the reason;
  * the issue's targets (TinyRPS >= 3x faster than eager, MobileNetV2 no
    worse than 2x eager's time).
The .pte files go to out/bench_host/ (--out). Needs the C++ module
(cmake --build build/host --target wick_runtime_module; ./wick builds it).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import platform
import statistics
import sys
import time
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import torch

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "out" / "bench_host"

FP32_MODELS = ("tiny_rps", "mobilenet_v2", "resnet18", "mobilenet_v3_small")
# Zoo models small enough for the default run (ZooModel.slow is False).
INT8_MODELS = ("tiny_rps", "resnet8", "ds_cnn", "mobilenet_v1_025", "deep_autoencoder", "resnet18",
               "mobilenet_v2", "mobilenet_v3_small", "squeezenet1_1", "shufflenet_v2_x1_0", "mnasnet0_5",
               "conv_tasnet", "deepspeech")
TARGETS = {"tiny_rps": ("speedup", 3.0), "mobilenet_v2": ("slowdown", 2.0)}


def say(message: str) -> None:
    print(f"\033[1mbench host:\033[0m {message}", file=sys.stderr, flush=True)


def median_ms(fns: Sequence[Callable[[], object]], repeat: int, warmup: int = 2,
              budget_s: float = 60.0) -> List[float]:
    """Median wall time (ms) of each of ``fns``, run in turn ``repeat`` times.

    Interleaving the candidates makes them share whatever else the machine is
    doing at the time; the budget stops early (after at least 5 rounds).
    """
    for fn in fns:
        for _ in range(warmup):
            fn()
    times: List[List[float]] = [[] for _ in fns]
    deadline = time.perf_counter() + budget_s
    for i in range(repeat):
        for fn, out in zip(fns, times):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1e3)
        if i >= 4 and time.perf_counter() > deadline:
            break
    return [statistics.median(t) for t in times]


def _relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    return float(np.max(np.abs(actual - expected)) / (np.max(np.abs(expected)) + 1e-12))


def _inputs(shapes, count: int, seed: int):
    generator = torch.Generator().manual_seed(seed)
    return [tuple(torch.randn(s, generator=generator) for s in shapes) for _ in range(count)]


def export_fp32(name: str, out_dir: pathlib.Path):
    from wick.exir import to_edge
    from wick.export import export
    from wick.models.zoo import ZOO

    entry = ZOO[name]
    model = entry.create()
    inputs = entry.example_inputs()
    path = out_dir / f"{name}_fp32.pte"
    path.write_bytes(to_edge(export(model, inputs)).to_executorch().buffer)
    return model, inputs, path


def export_int8(name: str, out_dir: pathlib.Path, calibration: int):
    from wick.export import export
    from wick.models.zoo import ZOO
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    entry = ZOO[name]
    model = entry.create()
    prepared = prepare_pt2e(export(model, entry.example_inputs()), QuantConfig())
    calibrate(prepared, _inputs(entry.input_shapes, calibration, seed=100), progress=False)
    edge = to_cortex_m(convert_pt2e(prepared), report=lambda line: None)
    path = out_dir / f"{name}_int8.pte"
    path.write_bytes(edge.to_executorch().buffer)
    return path, len(edge.fallbacks)


def bench_fp32(name: str, out_dir: pathlib.Path, repeat: int) -> dict:
    import wick.runtime

    model, inputs, path = export_fp32(name, out_dir)
    program = wick.runtime.load(path)
    arrays = [x.numpy() for x in inputs]
    with torch.no_grad():
        expected = model(*inputs).numpy()
        error = _relative_error(program.forward(*arrays)[0], expected)
        wick_ms, torch_ms = median_ms([lambda: program.forward(*arrays), lambda: model(*inputs)], repeat)
    return {"model": name, "wick_ms": wick_ms, "torch_ms": torch_ms, "speedup": torch_ms / wick_ms,
            "max_rel_error": error, "pte_bytes": path.stat().st_size}


def bench_int8(name: str, out_dir: pathlib.Path, repeat: int, calibration: int) -> dict:
    import wick.runtime
    from wick.models.zoo import ZOO

    row = {"model": name, "family": ZOO[name].family}
    try:
        _, inputs, fp32_path = export_fp32(name, out_dir)
        int8_path, fallbacks = export_int8(name, out_dir, calibration)
    except Exception as error:  # an export that fails is a row of the table, not the end of the run
        row["error"] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        return row
    arrays = [x.numpy() for x in inputs]
    fp32 = wick.runtime.load(fp32_path)
    int8 = wick.runtime.load(int8_path)
    fp32_ms, int8_ms = median_ms([lambda: fp32.forward(*arrays), lambda: int8.forward(*arrays)], repeat)
    row.update(fp32_ms=fp32_ms, int8_ms=int8_ms, fallbacks=fallbacks)
    row["int8_speedup"] = row["fp32_ms"] / row["int8_ms"]
    return row


def fp32_table(rows: Sequence[dict]) -> str:
    lines = ["| model | Wick (ms) | PyTorch eager (ms) | Wick speed-up | max rel. error |",
             "|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['wick_ms']:.2f} | {r['torch_ms']:.2f} | {r['speedup']:.2f}x | "
                     f"{r['max_rel_error']:.1e} |")
    return "\n".join(lines)


def int8_table(rows: Sequence[dict]) -> str:
    lines = ["| model | family | Wick fp32 (ms) | Wick int8 (ms) | int8 speed-up | float fallbacks |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['model']} | {r['family']} | – | – | int8 export failed: {r['error']} | – |")
        else:
            lines.append(f"| {r['model']} | {r['family']} | {r['fp32_ms']:.2f} | {r['int8_ms']:.2f} | "
                         f"{r['int8_speedup']:.2f}x | {r['fallbacks']} |")
    return "\n".join(lines)


def targets_table(rows: Sequence[dict]) -> Optional[str]:
    by_name = {r["model"]: r for r in rows}
    lines = ["| target | limit | measured | met |", "|---|---:|---:|---|"]
    for name, (kind, limit) in TARGETS.items():
        if name not in by_name:
            continue
        r = by_name[name]
        if kind == "speedup":
            lines.append(f"| {name}: Wick faster than PyTorch eager by | >= {limit:.1f}x | {r['speedup']:.2f}x | "
                         f"{'yes' if r['speedup'] >= limit else 'NO'} |")
        else:
            ratio = r["wick_ms"] / r["torch_ms"]
            lines.append(f"| {name}: Wick time / PyTorch eager time | <= {limit:.1f} | {ratio:.2f} | "
                         f"{'yes' if ratio <= limit else 'NO'} |")
    return "\n".join(lines) if len(lines) > 2 else None


def _names(text: str, known: Sequence[str]) -> List[str]:
    from wick.models.zoo import ZOO

    names = [n for n in text.split(",") if n] if text else list(known)
    unknown = [n for n in names if n not in ZOO]
    if unknown:
        raise SystemExit(f"unknown model(s): {', '.join(unknown)} (see wick.models.zoo)")
    return names


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="wick bench host", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures to this file")
    parser.add_argument("--models", default="", help=f"fp32 models (default {','.join(FP32_MODELS)})")
    parser.add_argument("--int8-models", default="", help="int8 models (default: the non-slow zoo)")
    parser.add_argument("--no-int8", action="store_true", help="skip the int8 vs fp32 table")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per measurement (median)")
    parser.add_argument("--calibration", type=int, default=8, help="calibration inputs for int8")
    parser.add_argument("--out", type=pathlib.Path, default=OUT_DIR, help="where the .pte files go")
    args = parser.parse_args(argv)

    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)
    command = "./wick bench host" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    fp32_rows = []
    for name in _names(args.models, FP32_MODELS):
        say(f"fp32 {name}: export, check against PyTorch, time (median of {args.repeat})")
        fp32_rows.append(bench_fp32(name, args.out, args.repeat))
    int8_rows = []
    if not args.no_int8:
        for name in _names(args.int8_models, INT8_MODELS):
            say(f"int8 {name}: quantize ({args.calibration} calibration inputs), time fp32 and int8")
            int8_rows.append(bench_int8(name, args.out, args.repeat, args.calibration))

    print(f"Command: `{command}` (one thread, median of {args.repeat} interleaved runs after 2 warm-up runs, "
          f"{platform.machine()}, torch {torch.__version__}).\n")
    print("### fp32: Wick vs PyTorch eager\n")
    print(fp32_table(fp32_rows) + "\n")
    targets = targets_table(fp32_rows)
    if targets:
        print(targets + "\n")
    if int8_rows:
        print("### int8 vs fp32 in Wick\n")
        print(int8_table(int8_rows) + "\n")
    if args.json:
        args.json.write_text(json.dumps({"command": command, "repeat": args.repeat, "torch": torch.__version__,
                                         "fp32": fp32_rows, "int8": int8_rows}, indent=2) + "\n")
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
