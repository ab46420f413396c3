"""Command line exporter: a PyTorch model factory -> .pte.

    python -m wick.export.cli path/to/model.py:Factory --input-shape 1,3,224,224 -o model.pte
    python -m wick.export.cli wick.models.tiny_rps:TinyRPS --example-input x.npy -o rps.pte

With ``--quantize --calibration DIR_OR_NPY`` the model is quantized to int8
(wick.quantization: calibrated on those inputs) and lowered to ExecuTorch's
cortex_m:: operators; operators without an int8 kernel run in float and are
listed on stderr.

``Factory`` is a class or function called with no arguments, or an
nn.Module instance. Inputs come from ``--example-input`` (.npy, repeatable) or
are random with each ``--input-shape`` (repeatable). Prints the file size,
operators, planned memory against its lower bound and the time of each
stage; stage progress goes to stderr as it happens.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import time
from typing import List, Optional

import torch

from wick.capture import CaptureError
from wick.exir import ExecutorchProgramManager, to_edge

from . import export


class CliError(Exception):
    """A problem with the command line or the model file, reported without a traceback."""


def _load_module_object(spec: str):
    if ":" not in spec:
        raise CliError(f"model must be given as path/to/file.py:Name or package.module:Name, got {spec!r}")
    location, name = spec.rsplit(":", 1)
    if location.endswith(".py") or os.path.sep in location:
        if not os.path.isfile(location):
            raise CliError(f"no such model file: {location}")
        module_name = "_wick_export_model_" + os.path.splitext(os.path.basename(location))[0]
        spec_obj = importlib.util.spec_from_file_location(module_name, location)
        module = importlib.util.module_from_spec(spec_obj)
        sys.path.insert(0, os.path.dirname(os.path.abspath(location)))
        try:
            spec_obj.loader.exec_module(module)
        except SyntaxError as error:
            raise CliError(f"{error.filename}:{error.lineno}: syntax error in the model file: {error.msg}") from None
        except Exception as error:  # the user's code: report it without our traceback
            raise CliError(f"running {location} raised {type(error).__name__}: {error}") from None
        finally:
            sys.path.pop(0)
    else:
        try:
            module = importlib.import_module(location)
        except ImportError as error:
            raise CliError(f"cannot import {location}: {error}") from None
    if not hasattr(module, name):
        raise CliError(f"{location} has no attribute {name!r}")
    return getattr(module, name)


def load_model(spec: str, weights: Optional[str]) -> torch.nn.Module:
    factory = _load_module_object(spec)
    try:
        model = factory if isinstance(factory, torch.nn.Module) else factory()
    except Exception as error:  # the user's code: report it without our traceback
        raise CliError(f"{spec}() raised {type(error).__name__}: {error}") from None
    if not isinstance(model, torch.nn.Module):
        raise CliError(f"{spec} produced a {type(model).__name__}, not a torch.nn.Module")
    if weights:
        try:
            model.load_state_dict(torch.load(weights, map_location="cpu"))
        except RuntimeError as error:
            raise CliError(f"--weights {weights} does not fit {spec}: {error}") from None
    return model.eval()


def parse_shape(text: str) -> List[int]:
    try:
        shape = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CliError(f"--input-shape takes comma-separated integers, got {text!r}") from None
    if not shape or any(size <= 0 for size in shape):
        raise CliError(f"--input-shape sizes must be positive, got {text!r}")
    return shape


def example_inputs(args) -> tuple:
    if args.example_input:
        import numpy as np

        arrays = []
        for path in args.example_input:
            try:
                arrays.append(np.load(path, allow_pickle=False))
            except ValueError as error:  # not a .npy, or an object array
                raise CliError(f"--example-input {path} is not a numeric .npy array ({error})") from None
        return tuple(torch.from_numpy(array) for array in arrays)
    if args.input_shape:
        generator = torch.Generator().manual_seed(0)
        return tuple(torch.randn(parse_shape(text), generator=generator) for text in args.input_shape)
    raise CliError("give the inputs with --input-shape N,C,H,W or --example-input x.npy")


class Progress:
    """Prints each stage as it starts, with the time since the export began."""

    def __init__(self, stream, quiet: bool):
        self.start = time.monotonic()
        self.stream = stream
        self.quiet = quiet

    def __call__(self, stage: str) -> None:
        if not self.quiet:
            print(f"  [{time.monotonic() - self.start:6.1f}s] {stage}", file=self.stream, flush=True)


def summary(manager: ExecutorchProgramManager, path: str, timings: dict) -> str:
    plan = manager.memory_plan
    lines = [
        f"wrote {path}: {len(manager.buffer):,} bytes",
        f"operators ({len(manager.operator_names)}): {', '.join(manager.operator_names)}",
        f"instructions: {manager.emitted.instruction_count}",
        f"planned memory: {plan.planned_bytes:,} bytes (lower bound {plan.lower_bound_bytes:,}, "
        f"+{100 * plan.overhead:.1f}%)",
        "time: " + ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in timings.items()),
    ]
    return "\n".join(lines)


def _quantize(exported, inputs, args, progress):
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m
    from wick.quantization.calibration_data import load_calibration

    if not args.calibration:
        raise CliError("--quantize needs --calibration DIR_OR_NPY (inputs the model will see)")
    data = load_calibration(args.calibration, inputs[0])
    progress(f"quantizing: calibrating on {len(data)} inputs")
    prepared = prepare_pt2e(exported, QuantConfig(activation_observer=args.observer, int8_io=args.int8_io))
    calibrate(prepared, data, progress=not args.quiet)
    converted = convert_pt2e(prepared)
    if args.backend == "tosa":
        return _to_tosa(converted, args, progress)
    progress("lowering to cortex_m int8 operators")
    return to_cortex_m(converted, report=lambda line: print(line, file=sys.stderr))


def _to_tosa(program, args, progress):
    from wick.backends.tosa import to_tosa

    progress("lowering to TOSA 1.0 (TOSABackend delegates)")
    return to_tosa(program, emit_tosa_dir=args.emit_tosa, report=lambda line: print(line, file=sys.stderr))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="wick export", description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="path/to/model.py:Factory or package.module:Factory")
    parser.add_argument("--input-shape", action="append", help="shape of one input, e.g. 1,3,224,224 (repeatable)")
    parser.add_argument("--example-input", action="append", help=".npy file holding one input (repeatable)")
    parser.add_argument("--weights", help="state_dict file (torch.save) to load into the model")
    parser.add_argument("-o", "--output", required=True, help="the .pte file to write")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--quantize", action="store_true", help="int8: quantize and lower to cortex_m:: operators")
    parser.add_argument("--calibration", help="calibration inputs for --quantize: a .npy stack or a directory")
    parser.add_argument("--observer", default="minmax", choices=["minmax", "moving_average", "histogram"],
                        help="activation range observer for --quantize (default minmax)")
    parser.add_argument("--int8-io", action="store_true", help="with --quantize: int8 program inputs and outputs")
    parser.add_argument("--backend", default="cpu", choices=["cpu", "tosa"],
                        help="tosa: delegate TOSA-lowerable subgraphs to TOSABackend (int8 with --quantize, else fp32)")
    parser.add_argument("--emit-tosa", metavar="DIR", help="also write each TOSA delegate as DIR/delegate_<i>.tosa "
                        "(implies --backend tosa)")
    args = parser.parse_args(argv)
    if args.emit_tosa:
        args.backend = "tosa"

    progress = Progress(sys.stderr, args.quiet)
    timings = {}
    try:
        begin = time.monotonic()
        progress("loading model")
        model = load_model(args.model, args.weights)
        inputs = example_inputs(args)
        progress("capturing graph")
        exported = export(model, inputs)
        timings["capture"] = time.monotonic() - begin
        mark = time.monotonic()
        if args.quantize:
            edge = _quantize(exported, inputs, args, progress)
            timings["quantize"] = time.monotonic() - mark
        elif args.backend == "tosa":
            edge = _to_tosa(exported, args, progress)
        else:
            edge = to_edge(exported, progress=progress)
            timings["edge passes"] = time.monotonic() - mark
        mark = time.monotonic()
        manager = edge.to_executorch(progress=progress)
        with open(args.output, "wb") as f:
            manager.write_to_file(f)
        timings["plan+emit"] = time.monotonic() - mark
        timings["total"] = time.monotonic() - begin
    except (CliError, CaptureError, OSError, ValueError) as error:
        print(f"wick export: error: {error}", file=sys.stderr)
        return 1
    print(summary(manager, args.output, timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
