"""int8 post-training quantization and lowering to ExecuTorch's cortex_m:: operators.

    from wick.export import export
    from wick.quantization import QuantConfig, prepare_pt2e, calibrate, convert_pt2e, to_cortex_m

    exported = export(model.eval(), (x,))
    prepared = prepare_pt2e(exported, QuantConfig())        # observers on every activation
    calibrate(prepared, images)                              # list / DataLoader, tqdm progress bar
    converted = convert_pt2e(prepared)                       # Q/DQ reference graph: the fake-quant model
    program = to_cortex_m(converted).to_executorch()         # cortex_m int8 operators, NHWC
    open("model_int8.pte", "wb").write(program.buffer)

Weights are int8 symmetric per output channel ([-127, 127]); activations int8
per-tensor affine; biases int32 with scale input_scale * weight_scale.
BatchNorm is folded first; relu / relu6 / hardtanh / clamp become the
kernels' activation bounds. The program's inputs and outputs stay float
unless ``QuantConfig(int8_io=True)``.
"""

from __future__ import annotations

import sys
from typing import List, Optional, Sequence

import torch

import wick.exir  # noqa: F401  (first: wick.passes needs wick.exir loaded before it)

from .convert import convert_pt2e
from .multiplier import quantize_multiplier
from .observers import (HistogramObserver, MinMaxObserver, MovingAverageMinMaxObserver, QParams, affine_qparams,
                        symmetric_per_channel)
from .prepare import PreparedModel, QuantConfig, calibrate, prepare_pt2e


def lower_to_cortex_m(converted):
    """The converted program with int8 patterns replaced by cortex_m:: operators (a new ExportedProgram).

    Returns (program, fallbacks): ``fallbacks`` names each operator left in float.
    """
    from wick.passes.lower_cortex_m import LowerToCortexMPass

    program = converted.copy()
    config = getattr(converted, "quant_config", None)
    lowering = LowerToCortexMPass(program.flat_example_inputs, int8_io=bool(config and config.int8_io))
    lowering(program.graph_module)
    if lowering.int8_inputs is not None:
        program.example_inputs = (tuple(lowering.int8_inputs), {})
    return program, lowering.fallbacks


def to_cortex_m(converted, *, report=None, compile_config=None):
    """``to_edge`` of the lowered program; each float fallback is reported (default: stderr)."""
    from wick.exir import EdgeCompileConfig, to_edge

    program, fallbacks = lower_to_cortex_m(converted)
    say = report or (lambda line: print(line, file=sys.stderr))
    for site in fallbacks:
        say(f"wick: int8 fallback to float: {site}")
    edge = to_edge(program, compile_config=compile_config or EdgeCompileConfig())
    edge.fallbacks = fallbacks
    return edge


def quantize(model: torch.nn.Module, example_inputs: Sequence[torch.Tensor], calibration_data,
             config: Optional[QuantConfig] = None, progress: bool = True):
    """export -> prepare -> calibrate -> convert, in one call; returns the converted program."""
    from wick.export import export

    exported = export(model.eval(), tuple(example_inputs))
    prepared = prepare_pt2e(exported, config)
    calibrate(prepared, calibration_data, progress=progress)
    return convert_pt2e(prepared)


def sqnr_db(reference: torch.Tensor, test: torch.Tensor) -> float:
    """Signal-to-quantization-noise ratio of ``test`` against ``reference``, in dB."""
    reference = torch.as_tensor(reference, dtype=torch.float64).flatten()
    noise = reference - torch.as_tensor(test, dtype=torch.float64).flatten()
    signal_power, noise_power = float((reference ** 2).mean()), float((noise ** 2).mean())
    if noise_power == 0.0:
        return float("inf")
    return 10.0 * torch.log10(torch.tensor(signal_power / noise_power)).item()


__all__: List[str] = [
    "HistogramObserver",
    "MinMaxObserver",
    "MovingAverageMinMaxObserver",
    "PreparedModel",
    "QParams",
    "QuantConfig",
    "affine_qparams",
    "calibrate",
    "convert_pt2e",
    "lower_to_cortex_m",
    "prepare_pt2e",
    "quantize",
    "quantize_multiplier",
    "sqnr_db",
    "symmetric_per_channel",
    "to_cortex_m",
]
