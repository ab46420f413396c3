"""``./wick demo``: Tiny Rock-Paper-Scissors, end to end.

A dataset of rendered R/P/S letters, the TinyRPS network trained on it in
PyTorch, exported to fp32 and int8 .pte programs, both evaluated through
Wick's C++ runtime, then a game on a simulated Cortex-M55 (QEMU) whose
firmware has the int8 program in flash and renders and classifies letters on
the device. The code of each step is in examples/tiny_rps/; this module runs
them in order, says what it does, and reuses every step whose inputs have not
changed (out/demo/stamps/). The checks it must pass are printed at the end
and written to out/demo/summary.json:

  fp32 validation accuracy >= 98 %, int8 >= fp32 - 0.5 points (through Wick)
  >= 97 % of the letters rendered on the M55 over 300 automatic rounds read correctly
  the M55 and the host's Wick give the same int8 logits, bit for bit, for the same images
  the host re-renders exactly the images the M55 rendered
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
from typing import Dict, Iterable, List, Optional

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

OUT = REPO / "out" / "demo"
DEFAULT_BUILD = REPO / "build" / "m55"

FP32_MIN_ACCURACY = 0.98
INT8_MAX_DROP = 0.005
DEVICE_MIN_ACCURACY = 0.97
CHECK_ROUNDS = 300
CHECK_SEED = 2024


def say(message: str) -> None:
    print(f"\033[1mdemo:\033[0m {message}", flush=True)


def detail(message: str) -> None:
    print(f"      {message}", flush=True)


def digest(parts: Iterable) -> str:
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, pathlib.Path):
            h.update(part.read_bytes())
        else:
            h.update(repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


class Stamps:
    """A step is reused when its stamp holds the digest of its current inputs
    and its outputs exist."""

    def __init__(self, directory: pathlib.Path, fresh: bool):
        self.directory = directory
        self.fresh = fresh
        directory.mkdir(parents=True, exist_ok=True)

    def done(self, step: str, key: str, outputs: List[pathlib.Path]) -> bool:
        stamp = self.directory / f"{step}.json"
        if self.fresh or not stamp.is_file() or not all(p.exists() for p in outputs):
            return False
        return json.loads(stamp.read_text()).get("key") == key

    def mark(self, step: str, key: str, result: Optional[dict] = None) -> None:
        (self.directory / f"{step}.json").write_text(json.dumps({"key": key, "result": result}) + "\n")

    def result(self, step: str) -> Optional[dict]:
        return json.loads((self.directory / f"{step}.json").read_text()).get("result")


def sources(*names: str) -> List[pathlib.Path]:
    return [EXAMPLES / "tiny_rps" / name for name in names]


def step_dataset(stamps: Stamps, data: pathlib.Path) -> str:
    from tiny_rps import dataset, glyphs

    key = digest(sources("glyphs.py", "render.py", "dataset.py") + [glyphs.font_path()])
    outputs = [data / "train.npz", data / "val.npz"]
    if stamps.done("dataset", key, outputs):
        say(f"[1/6] dataset: reusing {data.relative_to(REPO)}")
        return key
    say(f"[1/6] dataset: rendering R/P/S letters (28x28, {glyphs.FONT_PATH.name}, seed {dataset.SEED}): "
        f"{3 * dataset.TRAIN_PER_CLASS} for training, {3 * dataset.VAL_PER_CLASS} for validation")
    start = time.perf_counter()
    dataset.write(data, progress=True)
    detail(f"wrote {data.relative_to(REPO)}/train.npz and val.npz in {time.perf_counter() - start:.1f} s")
    stamps.mark("dataset", key)
    return key


def step_train(stamps: Stamps, data_key: str, data: pathlib.Path, model: pathlib.Path, epochs: int) -> str:
    from tiny_rps import train

    key = digest([data_key, epochs] + sources("train.py") + [REPO / "python/wick/models/tiny_rps.py"])
    checkpoint = model / train.CHECKPOINT
    if stamps.done("train", key, [checkpoint]):
        best = stamps.result("train")["best_val_accuracy"]
        say(f"[2/6] training: reusing {checkpoint.relative_to(REPO)} (best validation accuracy "
            f"{100 * best:.2f}% in PyTorch)")
        return key
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    say(f"[2/6] training TinyRPS (425,219 parameters) in PyTorch: Adam lr {train.LR}, batch {train.BATCH}, "
        f"{epochs} epochs")
    summary = train.train(data, model, epochs, progress=True, report=detail)
    stamps.mark("train", key, {"best_val_accuracy": summary["best_val_accuracy"]})
    return key


def step_export(stamps: Stamps, train_key: str, data: pathlib.Path, model: pathlib.Path) -> str:
    from tiny_rps import export, train

    checkpoint = model / train.CHECKPOINT
    key = digest([train_key, checkpoint] + sources("export.py"))
    outputs = [model / export.FP32_NAME, model / export.INT8_NAME]
    if stamps.done("export", key, outputs):
        say(f"[3/6] export: reusing {outputs[0].relative_to(REPO)} and {outputs[1].name}")
        return key
    say(f"[3/6] exporting the trained weights: fp32 .pte, and int8 .pte calibrated on "
        f"{export.CALIBRATION_IMAGES} training images (cortex_m:: operators)")
    export.export_programs(checkpoint, data, model, progress=True, report=detail)
    stamps.mark("export", key)
    return key


def host_latency(model: pathlib.Path) -> Dict[str, float]:
    """Median latency of the fp32 program in Wick and of the module in PyTorch eager, one thread."""
    import numpy as np
    import torch

    import wick.runtime
    from tiny_rps import export, train

    def median_ms(fn, repeats: int = 50) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1e3)
        return statistics.median(times)

    torch.set_num_threads(1)
    eager = train.load_trained(model / train.CHECKPOINT)
    x = torch.rand(1, 1, 28, 28)
    module = wick.runtime.load(str(model / export.FP32_NAME))
    x_np = np.ascontiguousarray(x.numpy())
    with torch.no_grad():
        torch_ms = median_ms(lambda: eager(x))
    wick_ms = median_ms(lambda: module.forward(x_np))
    return {"pytorch_eager_ms": torch_ms, "wick_ms": wick_ms}


def step_evaluate(stamps: Stamps, export_key: str, data: pathlib.Path, model: pathlib.Path) -> dict:
    from tiny_rps import evaluate, export

    programs = {"fp32": model / export.FP32_NAME, "int8": model / export.INT8_NAME}
    key = digest([export_key, data / "val.npz"] + list(programs.values()) + sources("evaluate.py"))
    outputs = [model / "metrics.json", model / "confusion.png"]
    if stamps.done("evaluate", key, outputs):
        metrics = json.loads(outputs[0].read_text())
        say(f"[4/6] evaluation: reusing {outputs[0].relative_to(REPO)}")
    else:
        say("[4/6] evaluating both programs with Wick's C++ runtime on the host, over the whole validation set")
        metrics = evaluate.evaluate(programs, data, model, progress=True)
        metrics["host_latency"] = host_latency(model)
        outputs[0].write_text(json.dumps(metrics, indent=2) + "\n")
        stamps.mark("evaluate", key)
    for name in programs:
        m = metrics[name]
        detail(f"{name}: {100 * m['accuracy']:.2f}% ({m['correct']}/{m['total']}); per class "
               + ", ".join(f"{c} {100 * a:.1f}%" for c, a in m["per_class_accuracy"].items()))
    latency = metrics["host_latency"]
    detail(f"fp32 median latency, one thread: PyTorch eager {latency['pytorch_eager_ms']:.2f} ms, "
           f"Wick {latency['wick_ms']:.2f} ms")
    detail(f"metrics: {outputs[0].relative_to(REPO)}; confusion matrices: {outputs[1].relative_to(REPO)}")
    return metrics


def run_logged(command: List[str], log: pathlib.Path, what: str) -> None:
    with open(log, "ab") as handle:
        handle.write(("$ " + " ".join(command) + "\n").encode())
        handle.flush()
        result = subprocess.run(command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        lines = log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if "error" in line.lower()][-20:] or lines[-30:]
        raise SystemExit("demo: " + what + " failed:\n" + "\n".join(errors) + f"\n(full log: {log})")


def step_firmware(build: pathlib.Path, model: pathlib.Path) -> pathlib.Path:
    from tiny_rps import export

    pte = (model / export.INT8_NAME).resolve()
    elf = build / "examples" / "tiny_rps" / "tiny_rps_game.elf"
    say(f"[5/6] firmware: the game with the int8 program in flash, for the Cortex-M55 "
        f"(arm-none-eabi, {build.relative_to(REPO) if build.is_relative_to(REPO) else build})")
    build.mkdir(parents=True, exist_ok=True)
    log = build / "tiny-rps-demo.log"
    cache = build / "CMakeCache.txt"
    configured = cache.is_file() and f"WICK_TINY_RPS_PTE:FILEPATH={pte}" in cache.read_text()
    if not (build / "build.ninja").is_file() or not configured:
        detail("configuring (CMake preset m55)")
        run_logged(["cmake", "--preset", "m55", "-B", str(build), f"-DWICK_TINY_RPS_PTE={pte}"], log,
                   "configuring the M55 build")
    start = time.perf_counter()
    detail("building tiny_rps_game (the first time this compiles the runtime and kernels: a few minutes)")
    run_logged(["cmake", "--build", str(build), "-j", str(os.cpu_count() or 2), "--target", "tiny_rps_game"],
               log, "building tiny_rps_game")
    detail(f"{elf.relative_to(REPO) if elf.is_relative_to(REPO) else elf} ready "
           f"({time.perf_counter() - start:.1f} s)")
    return elf


def step_device_check(stamps: Stamps, elf: pathlib.Path, model: pathlib.Path, rounds: int) -> dict:
    import numpy as np
    from tiny_rps import export, play

    pte = model / export.INT8_NAME
    key = digest([elf, pte, rounds, CHECK_SEED] + sources("play.py", "render.py"))
    report = model / "device_check.json"
    if stamps.done("device", key, [report]):
        say(f"[6/6] on the M55: reusing {report.relative_to(REPO)} ({rounds} automatic rounds)")
        return json.loads(report.read_text())
    say(f"[6/6] on the M55: {rounds} automatic rounds, {2 * rounds} letters rendered and classified on the "
        "device (QEMU mps3-an547), then the same images through Wick on the host")
    from tqdm import tqdm
    bar = tqdm(total=rounds, desc="rounds on the M55", unit="round", leave=False)
    correct = [0]

    def on_round(fields: Dict[str, int]) -> None:
        correct[0] += (fields["you"] == fields["you_pred"]) + (fields["cpu"] == fields["cpu_pred"])
        bar.set_postfix(correct=f"{correct[0]}/{2 * bar.n + 2}")
        bar.update()

    start = time.perf_counter()
    result = play.run_auto(elf, rounds, CHECK_SEED, art=0, on_round=on_round)
    bar.close()
    seconds = time.perf_counter() - start
    host = play.compare_with_host(result, pte)
    rerendered = play.rerender(result.records, CHECK_SEED)
    instructions = result.records["instructions"].astype(np.int64)
    check = {
        "rounds": rounds,
        "seed": CHECK_SEED,
        "images": result.summary["images"],
        "correct": result.summary["correct"],
        "accuracy": result.accuracy,
        "score": {k: result.summary[k] for k in ("wins", "losses", "ties")},
        "host_same_prediction": host["same_prediction"],
        "host_same_logits_bits": host["same_logits_bits"],
        "host_same_images": int((rerendered == result.records["image"]).all(axis=(1, 2)).sum()),
        "instructions_per_inference": {"min": int(instructions.min()), "median": int(np.median(instructions)),
                                       "max": int(instructions.max())},
        "qemu_seconds": seconds,
    }
    report.write_text(json.dumps(check, indent=2) + "\n")
    stamps.mark("device", key)
    return check


def report_device(check: dict) -> None:
    detail(f"on-device classification: {check['correct']}/{check['images']} correct "
           f"({100 * check['accuracy']:.2f}%); score you {check['score']['wins']}, device "
           f"{check['score']['losses']}, ties {check['score']['ties']}")
    detail(f"host vs M55 on the same {check['images']} images: same prediction {check['host_same_prediction']}, "
           f"bit-identical logits {check['host_same_logits_bits']}; host re-rendered "
           f"{check['host_same_images']} identical images")
    i = check["instructions_per_inference"]
    detail(f"instructions per inference on the M55: {i['median']:,} (min {i['min']:,}, max {i['max']:,})")


def verdicts(metrics: dict, check: dict) -> List[tuple]:
    fp32, int8 = metrics["fp32"]["accuracy"], metrics["int8"]["accuracy"]
    images = check["images"]
    return [
        (f"fp32 validation accuracy through Wick {100 * fp32:.2f}% >= {100 * FP32_MIN_ACCURACY:.0f}%",
         fp32 >= FP32_MIN_ACCURACY),
        (f"int8 {100 * int8:.2f}% >= fp32 - {100 * INT8_MAX_DROP:.1f} points ({100 * (fp32 - INT8_MAX_DROP):.2f}%)",
         int8 >= fp32 - INT8_MAX_DROP - 1e-12),
        (f"on-device classification over {check['rounds']} rounds {100 * check['accuracy']:.2f}% >= "
         f"{100 * DEVICE_MIN_ACCURACY:.0f}%", check["accuracy"] >= DEVICE_MIN_ACCURACY),
        (f"host and M55 agree bit for bit on all {images} images' logits",
         check["host_same_logits_bits"] == images and check["host_same_prediction"] == images),
        (f"host re-renders all {images} on-device images identically", check["host_same_images"] == images),
    ]


def play_game(elf: pathlib.Path, auto: Optional[int], seed: Optional[int]) -> int:
    from tiny_rps import play

    if auto is None and sys.stdin.isatty():
        say("your turn: the game on the simulated Cortex-M55 (r / p / s to play, q to quit)")
        game_seed = seed if seed is not None else int.from_bytes(os.urandom(4), "little")
        return play.run_interactive(elf, game_seed)
    rounds = auto or 3
    say(f"the game on the simulated Cortex-M55, {rounds} automatic rounds"
        + ("" if auto else " (stdin is not a terminal; ./wick demo --auto N chooses N)"))
    result = play.run_auto(elf, rounds, 7 if seed is None else seed, echo=print)
    detail(f"the network read {result.summary['correct']} of {result.summary['images']} letters correctly")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="wick demo", description=__doc__.splitlines()[0])
    parser.add_argument("--auto", type=int, default=None, metavar="N",
                        help="play N automatic rounds at the end instead of reading keys "
                             "(the default when stdin is not a terminal: 3)")
    parser.add_argument("--seed", type=int, default=None, help="the game's seed (default: random, or 7 with --auto)")
    parser.add_argument("--epochs", type=int, default=8, help="training epochs (the recipe's documented 8)")
    parser.add_argument("--check-rounds", type=int, default=CHECK_ROUNDS,
                        help="automatic rounds for the on-device accuracy check")
    parser.add_argument("--fresh", action="store_true", help="redo every step instead of reusing finished ones")
    parser.add_argument("--out", type=pathlib.Path, default=OUT, help="where the artifacts go")
    parser.add_argument("--build", type=pathlib.Path,
                        default=pathlib.Path(os.environ.get("WICK_DEMO_M55_BUILD", DEFAULT_BUILD)),
                        help="the Cortex-M55 build directory (default build/m55)")
    args = parser.parse_args(argv)

    from tiny_rps import glyphs
    try:
        glyphs.font_path()
    except glyphs.FontMissing as error:
        say(f"error: {error}")
        return 1

    out = args.out.resolve()
    data, model = out / "data", out / "model"
    stamps = Stamps(out / "stamps", args.fresh)
    start = time.perf_counter()
    data_key = step_dataset(stamps, data)
    train_key = step_train(stamps, data_key, data, model, args.epochs)
    export_key = step_export(stamps, train_key, data, model)
    metrics = step_evaluate(stamps, export_key, data, model)
    elf = step_firmware(args.build.resolve(), model)
    check = step_device_check(stamps, elf, model, args.check_rounds)
    report_device(check)

    results = verdicts(metrics, check)
    summary = {"checks": [{"check": text, "passed": ok} for text, ok in results],
               "validation": {k: metrics[k] for k in ("fp32", "int8")}, "device": check}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    say(f"checks ({time.perf_counter() - start:.0f} s so far; summary in "
        f"{(out / 'summary.json').relative_to(REPO) if out.is_relative_to(REPO) else out / 'summary.json'}):")
    for text, ok in results:
        detail(("PASS  " if ok else "FAIL  ") + text)
    failed = not all(ok for _, ok in results)

    status = play_game(elf, args.auto, args.seed)
    if failed:
        say("some checks FAILED (see above)")
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
