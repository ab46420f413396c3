"""`./wick bench mcu`: Wick on the simulated Cortex-M boards against CMSIS-NN.

    python -m wick.bench.mcu [--json FILE] [--boards m55,m4,m7] [--size-build DIR]

Prints markdown tables:
  * per-layer and total executed instructions of ExecuTorch's KeywordSpotting
    program (../shared/pte-corpus) and of TinyRPS int8 (--tiny-rps FILE; the
    ./wick wrapper exports it with wick.bench.tiny_rps_program), beside the CMSIS-NN figures of
    ../shared/docs/anchors.md (wick.bench.anchors), and the issue's targets;
  * planned memory, arenas and stack of each program;
  * a size report from the linker maps (tools/firmware/size_report.py):
    runtime core .text, the kernels each program uses (from the
    runner_<model>.elf images that -DWICK_RUNNER_MODELS builds with only those
    kernels), and every firmware section.
Builds nothing (the ./wick wrapper builds); what is missing is skipped with
the command that builds it. Inputs are seeded random values (--seed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from wick.bench import anchors
from wick.sim import runner

REPO_ROOT = runner.REPO_ROOT
CORPUS_DIR = (REPO_ROOT / ".." / "shared" / "pte-corpus").resolve()
PROGRAMS = {
    "keyword_spotting": (CORPUS_DIR / "pytorch__executorch__arduino_KeywordSpotting_model.pte",
                         anchors.KEYWORD_SPOTTING, anchors.KEYWORD_SPOTTING_TOTAL),
    "tiny_rps": (REPO_ROOT / "build" / "bench" / "tiny_rps_int8.pte",
                 anchors.TINY_RPS, anchors.TINY_RPS_TOTAL),
}
# Size-report images per program (tools/firmware/CMakeLists.txt, WICK_RUNNER_MODELS).
MODEL_IMAGES = {"keyword_spotting": "runner_kws", "tiny_rps": "runner_tiny_rps"}


def _size_report_module():
    spec = importlib.util.spec_from_file_location(
        "size_report", REPO_ROOT / "tools" / "firmware" / "size_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fmt(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:,}"


def ratio(a: Optional[int], b: Optional[int]) -> str:
    return "–" if not a or not b else f"{a / b:.2f}x"


def match_layers(report, layers: List[anchors.AnchorLayer]) -> Dict[int, anchors.AnchorLayer]:
    """Method instruction index -> anchor layer, pairing the program's layer
    operators with the anchor's calls in order; empty when they disagree."""
    calls = [op for op in report.operators if anchors.operator_kind(op.name)]
    if len(calls) != len(layers) or any(
            anchors.operator_kind(op.name) != layer.kind for op, layer in zip(calls, layers)):
        return {}
    return {op.index: layer for op, layer in zip(calls, layers)}


def measure(program: pathlib.Path, boards: Sequence[str], seed: int, notes: List[str]) -> dict:
    """board -> run report (as JSON) for every board whose runner is built."""
    runs = {}
    inputs = runner.random_inputs(program, seed)
    for board in boards:
        elf = runner.firmware_path(board)
        if not elf.is_file():
            notes.append(f"{board}: {elf} not built ({runner.build_command(board)})")
            continue
        run = runner.run_program(program, inputs, board=board, profile=True, elf=elf)
        if not run.report.ok:
            notes.append(f"{board}: {program.name} failed: {run.report.status}\n{run.console}")
            continue
        runs[board] = run.report
    return runs


def layer_table(name: str, runs: dict, layers, totals) -> Tuple[List[str], dict]:
    boards = list(runs)
    head = "| # | operator | anchor layer |"
    rule = "|---:|---|---|"
    for b in boards:
        head += f" Wick {b} | CMSIS-NN {b} | Wick/CMSIS |"
        rule += "---:|---:|---:|"
    lines = [f"### {name}: executed instructions per layer", "", head, rule]
    first = runs[boards[0]]
    matched = {b: match_layers(runs[b], layers) for b in boards}
    data = {"boards": {}, "layers": []}
    for i, op in enumerate(first.operators):
        layer = matched[boards[0]].get(op.index)
        row = f"| {op.index} | {op.name} | {layer.name if layer else ''} |"
        entry = {"index": op.index, "operator": op.name, "layer": layer.name if layer else None}
        for b in boards:
            wick = runs[b].operators[i].instructions if i < len(runs[b].operators) else None
            cmsis = layer.instructions.get(b) if layer else None
            row += f" {fmt(wick)} | {fmt(cmsis)} | {ratio(wick, cmsis)} |"
            entry[b] = {"wick": wick, "cmsis_nn": cmsis}
        lines.append(row)
        data["layers"].append(entry)
    layer_row = "| | **layer calls** | |"
    total_row = "| | **whole method** | |"
    for b in boards:
        indices = matched[b]
        wick_layers = sum(op.instructions for op in runs[b].operators if op.index in indices)
        wick_layers = wick_layers if indices else None
        layer_row += f" **{fmt(wick_layers)}** | **{fmt(totals.get(b))}** | " \
                     f"{ratio(wick_layers, totals.get(b))} |"
        total_row += f" {fmt(runs[b].total_instructions)} | | |"
        data["boards"][b] = {"layer_calls": wick_layers, "cmsis_nn_layer_calls": totals.get(b),
                             "total": runs[b].total_instructions,
                             "memory": runs[b].memory, "stack": runs[b].stack}
    lines += [layer_row, total_row]
    if not all(matched.values()):
        lines.append("")
        lines.append("(the program's layer operators do not pair one to one with the anchor's "
                     "calls; no CMSIS-NN column)")
    return lines, data


def tiny_rps_targets(data: dict) -> List[str]:
    m55 = data["boards"].get("m55")
    if not m55:
        return []
    lines = ["", "| target (M55) | limit | Wick | met |", "|---|---:|---:|---|"]
    total = m55["layer_calls"]
    conv1 = next((e["m55"]["wick"] for e in data["layers"] if e["layer"] == "conv1"), None)
    worse = [e["layer"] for e in data["layers"]
             if e["layer"] and e["m55"]["wick"] is not None
             and e["m55"]["wick"] > e["m55"]["cmsis_nn"]]
    rows = [("total (layer calls)", anchors.TINY_RPS_TARGET_TOTAL, total),
            ("conv1", anchors.TINY_RPS_TARGET_CONV1, conv1)]
    for name, limit, value in rows:
        met = value is not None and value <= limit
        lines.append(f"| {name} | {limit:,} | {fmt(value)} | {'yes' if met else 'NO'} |")
    lines.append(f"| no layer above CMSIS-NN | | {', '.join(worse) or 'none above'} | "
                 f"{'NO' if worse else 'yes'} |")
    data["targets"] = {"total": total, "conv1": conv1, "layers_above_cmsis_nn": worse}
    return lines


def memory_table(results: dict) -> List[str]:
    lines = ["### Memory", "", "| program | board | planned | method arena | temp arena | "
             "stack high-water | program bytes |", "|---|---|---:|---:|---:|---:|---:|"]
    for name, data in results.items():
        for board, b in data["boards"].items():
            m, s = b["memory"], b["stack"]
            lines.append(f"| {name} | {board} | {fmt(m.get('planned'))} | "
                         f"{fmt(m.get('method_arena'))} | {fmt(m.get('temp_arena'))} | "
                         f"{fmt(s.get('high_water'))} | {fmt(m.get('program'))} |")
    return lines


def size_tables(size_build: pathlib.Path, programs: Sequence[str], notes: List[str]) -> Tuple[List[str], dict]:
    size_report = _size_report_module()
    firmware = size_build / "tools" / "firmware"
    cache = size_build / "CMakeCache.txt"
    build_type = "?"
    if cache.is_file():
        for line in cache.read_text(errors="replace").splitlines():
            if line.startswith("CMAKE_BUILD_TYPE:"):
                build_type = line.split("=", 1)[1] or "(none)"
    lines = [f"### Size (linker maps in {size_build}, CMAKE_BUILD_TYPE={build_type})", ""]
    data = {"build": str(size_build), "build_type": build_type, "images": {}}
    images = [("runner (every kernel)", "runner")] + [
        (f"{p} (its kernels only)", MODEL_IMAGES[p]) for p in programs]
    rows = []
    for label, image in images:
        link_map = firmware / f"{image}.map"
        if not link_map.is_file():
            notes.append(f"size: {link_map} not built (configure with "
                         "-DWICK_RUNNER_MODELS=\"kws=...;tiny_rps=...\" and build the image)")
            continue
        table = size_report.sizes(link_map.read_text(errors="replace"))
        runtime = table.get("libwick_runtime.a", {})
        kernels = {c: {k: v for k, v in s.items() if k in size_report.REPORTED}
                   for c, s in table.items()
                   if c.startswith("libwick_kernels_") or c == "libwick_portable_util.a"}
        kernel_text = sum(s.get(".text", 0) + s.get(".text_large", 0) for s in kernels.values())
        kernel_rodata = sum(s.get(".rodata", 0) for s in kernels.values())
        sections: Dict[str, int] = {}
        for row in table.values():
            for section, size in row.items():
                sections[section] = sections.get(section, 0) + size
        data["images"][image] = {"runtime_text": runtime.get(".text", 0),
                                 "runtime_rodata": runtime.get(".rodata", 0),
                                 "kernel_text": kernel_text, "kernel_rodata": kernel_rodata,
                                 "kernels": kernels, "sections": sections}
        rows.append((label, data["images"][image]))
    if not rows:
        return lines + ["(no maps)"], data
    lines += ["| image | runtime core .text | runtime .rodata | kernels .text | kernels .rodata |",
              "|---|---:|---:|---:|---:|"]
    for label, d in rows:
        lines.append(f"| {label} | {d['runtime_text']:,} | {d['runtime_rodata']:,} | "
                     f"{d['kernel_text']:,} | {d['kernel_rodata']:,} |")
    sections = [s for s in size_report.REPORTED if any(s in d["sections"] for _, d in rows)]
    lines += ["", "| image | " + " | ".join(sections) + " |",
              "|---|" + "---:|" * len(sections)]
    for label, d in rows:
        lines.append(f"| {label} | " + " | ".join(f"{d['sections'].get(s, 0):,}" for s in sections)
                     + " |")
    lines += size_targets(data)
    return lines, data


def size_targets(data: dict) -> List[str]:
    """The issue's size targets, checked against the images' maps."""
    images = data["images"]
    checks = []
    if "runner" in images:
        checks.append(("runtime core .text", anchors.RUNTIME_CORE_TEXT_LIMIT,
                       images["runner"]["runtime_text"]))
    tiny_rps = MODEL_IMAGES["tiny_rps"]
    if tiny_rps in images:
        checks.append(("kernels TinyRPS links, .text", anchors.TINY_RPS_KERNELS_TEXT_LIMIT,
                       images[tiny_rps]["kernel_text"]))
    if not checks:
        return []
    lines = ["", "| target (M55, -Os) | limit | Wick | met |", "|---|---:|---:|---|"]
    data["targets"] = {}
    for name, limit, value in checks:
        lines.append(f"| {name} | {limit:,} | {value:,} | {'yes' if value <= limit else 'NO'} |")
        data["targets"][name] = {"limit": limit, "value": value, "met": value <= limit}
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="wick bench mcu", description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--boards", default="m55,m4,m7")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tiny-rps", metavar="FILE", help="the TinyRPS int8 program "
                        "(default build/bench/tiny_rps_int8.pte)")
    parser.add_argument("--size-build", default=None,
                        help="build whose maps give sizes (default build/m55-size, else m55's)")
    args = parser.parse_args(argv)
    boards = [b for b in args.boards.split(",") if b]

    notes: List[str] = []
    out: List[str] = ["## Wick on simulated Cortex-M (QEMU, -icount shift=5)", ""]
    results = {}
    for name, (program, layers, totals) in PROGRAMS.items():
        if name == "tiny_rps" and args.tiny_rps:
            program = pathlib.Path(args.tiny_rps)
        if not program.is_file():
            notes.append(f"{name}: {program} not found")
            continue
        runs = measure(program, boards, args.seed, notes)
        if not runs:
            continue
        lines, data = layer_table(name, runs, layers, totals)
        if name == "tiny_rps":
            lines += tiny_rps_targets(data)
        out += lines + [""]
        results[name] = data
    if results:
        out += memory_table(results) + [""]
    size_build = pathlib.Path(args.size_build) if args.size_build else (
        REPO_ROOT / "build" / "m55-size" if (REPO_ROOT / "build" / "m55-size").is_dir()
        else runner.build_dir("m55"))
    size_lines, size_data = size_tables(size_build, list(results), notes)
    out += size_lines
    if notes:
        out += ["", "Notes:"] + [f"- {n}" for n in notes]
    print("\n".join(out))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {"programs": results, "size": size_data, "notes": notes}, indent=1) + "\n")
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
