"""int8-vs-fp32 SQNR of the model zoo, as a markdown table for docs/benchmarks.md.

    python -m wick.quantization.sqnr                       # MLPerf Tiny + TinyRPS
    python -m wick.quantization.sqnr --family torchvision  # add torchvision (not the slow ones)

Each model has seeded random weights, is calibrated (min/max observers) on 32
random inputs, quantized, lowered to cortex_m:: operators and run through
Wick's C++ runtime on ``--eval`` other random inputs. SQNR is
10*log10(sum(fp32^2) / sum((fp32 - int8)^2)) over all outputs, for the .pte's
int8 output and for the fake-quant (Q/DQ) torch model.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import torch

from wick.export import export
from wick.models.zoo import ZOO

from . import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, sqnr_db, to_cortex_m

HEADER = ("| model | family | int8 SQNR (Wick) dB | fake-quant SQNR dB | int8 ops | float fallbacks | "
          "argmax agreement |\n|---|---|---:|---:|---:|---:|---:|")


def _inputs(shapes, count: int, seed: int):
    generator = torch.Generator().manual_seed(seed)
    return [tuple(torch.randn(s, generator=generator) for s in shapes) for _ in range(count)]


def measure(name: str, calibration: int = 32, evaluation: int = 4, config: QuantConfig = None) -> dict:
    import wick.runtime

    entry = ZOO[name]
    model = entry.create()
    exported = export(model, entry.example_inputs())
    prepared = prepare_pt2e(exported, config or QuantConfig())
    calibrate(prepared, _inputs(entry.input_shapes, calibration, seed=100), progress=False)
    converted = convert_pt2e(prepared)
    edge = to_cortex_m(converted, report=lambda line: None)
    manager = edge.to_executorch()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{name}_int8.pte")
        manager.save(path)
        program = wick.runtime.load(path)
        references, int8, fake = [], [], []
        with torch.no_grad():
            for inputs in _inputs(entry.input_shapes, evaluation, seed=200):
                references.append(model(*inputs).flatten())
                int8.append(torch.as_tensor(program.forward(*inputs)[0]).flatten())
                fake.append(converted.module()(*inputs).flatten())
    ref, got, sim = torch.cat(references), torch.cat(int8), torch.cat(fake)
    agree = sum(int(r.argmax() == g.argmax()) for r, g in zip(references, int8)) / len(references)
    int8_ops = sum(1 for n in edge.exported_program().graph.nodes
                   if str(n.target).startswith("cortex_m.") and "quantize_per_tensor" not in str(n.target))
    return {
        "model": name,
        "family": entry.family,
        "sqnr": sqnr_db(ref, got),
        "fake_quant_sqnr": sqnr_db(ref, sim),
        "int8_ops": int8_ops,
        "fallbacks": len(edge.fallbacks),
        "argmax": agree,
    }


def row(result: dict) -> str:
    return (f"| {result['model']} | {result['family']} | {result['sqnr']:.1f} | {result['fake_quant_sqnr']:.1f} | "
            f"{result['int8_ops']} | {result['fallbacks']} | {100 * result['argmax']:.0f}% |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wick.quantization.sqnr", description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", action="append", help="zoo families (default mlperf_tiny and wick)")
    parser.add_argument("--model", action="append", help="only these zoo models")
    parser.add_argument("--eval", type=int, default=4, help="evaluation inputs per model")
    parser.add_argument("--slow", action="store_true", help="include the zoo's slow models")
    args = parser.parse_args(argv)
    families = set(args.family or ["mlperf_tiny", "wick"])
    names = args.model or [n for n, e in ZOO.items() if e.family in families and (args.slow or not e.slow)]
    print(HEADER)
    for name in names:
        start = time.monotonic()
        try:
            result = measure(name, evaluation=args.eval)
        except Exception as error:  # one failing model must not hide the others' numbers
            print(f"| {name} | {ZOO[name].family} | failed: {type(error).__name__}: {str(error).splitlines()[0][:80]} "
                  "| | | | |", flush=True)
            continue
        print(row(result), flush=True)
        print(f"  {name}: {time.monotonic() - start:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
