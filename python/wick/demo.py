"""``./wick demo``: a PyTorch model exported to .pte and run by Wick's C++
runtime, end to end, checked against PyTorch.

Steps: build the TinyRPS network (tiny-rps.md, seeded weights), export it with
wick.export / wick.exir, inspect the program, run it through the C++ runtime on
a batch of inputs and compare every output with PyTorch eager, then time both.
(The full Tiny Rock-Paper-Scissors game - dataset, training, int8, the
simulated Cortex-M55 - replaces this when it lands.)
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np
import torch

from wick.exir import to_edge
from wick.export import export
from wick.models.tiny_rps import TinyRPS

OUT = pathlib.Path(__file__).resolve().parents[2] / "out" / "demo"


def say(message: str) -> None:
    print(f"\033[1mdemo:\033[0m {message}", flush=True)


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="wick demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=OUT, help="where the .pte goes")
    parser.add_argument("--samples", type=int, default=16, help="inputs to compare")
    args = parser.parse_args(argv)

    import wick.runtime  # needs the C++ module, which ./wick builds first

    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = TinyRPS().eval()
    example = torch.rand(TinyRPS.input_shape)

    say("exporting TinyRPS (3 conv, 2 pool, 2 linear) with wick.export -> to_edge -> to_executorch")
    start = time.perf_counter()
    program = to_edge(export(model, (example,))).to_executorch()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "tiny_rps_fp32.pte"
    path.write_bytes(program.buffer)
    say(f"wrote {path} ({len(program.buffer):,} bytes) in {time.perf_counter() - start:.2f} s")

    module = wick.runtime.load(path)
    info = module.method_info("forward")
    say(f"program: {info['num_instructions']} instructions, "
        f"planned memory {info['planned_bytes']:,} bytes, method arena {info['method_arena_bytes']:,} bytes")
    for name in sorted(set(info["instructions"])):
        print(f"    {name}  x{info['instructions'].count(name)}")

    say(f"running {args.samples} random inputs through Wick's C++ runtime and PyTorch")
    worst = 0.0
    agree = 0
    for i in range(args.samples):
        x = torch.rand(TinyRPS.input_shape)
        expected = model(x).detach().numpy()
        actual = module.forward(x)[0]
        worst = max(worst, float(np.max(np.abs(actual - expected)) / (np.max(np.abs(expected)) + 1e-12)))
        agree += int(np.argmax(actual) == np.argmax(expected))
    say(f"largest relative difference {worst:.2e}; same predicted class on {agree}/{args.samples}")
    if worst > 1e-4 or agree != args.samples:
        say("MISMATCH between Wick and PyTorch")
        return 1

    x = torch.rand(TinyRPS.input_shape)
    x_np = x.numpy()
    with torch.no_grad():
        torch_ms = median_ms(lambda: model(x), 50)
    wick_ms = median_ms(lambda: module.forward(x_np), 50)
    say(f"median latency, one thread: PyTorch eager {torch_ms:.2f} ms, Wick {wick_ms:.2f} ms "
        f"({torch_ms / wick_ms:.1f}x)")
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
