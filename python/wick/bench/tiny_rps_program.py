"""The TinyRPS int8 program `./wick bench mcu` measures, exported afresh by the current exporter.

    python -m wick.bench.tiny_rps_program OUT.pte

The TinyRPS network (wick.models.tiny_rps) with seeded random weights, calibrated on 32 seeded
random inputs and lowered to cortex_m:: operators: instruction counts depend on the layer shapes
and the quantization parameters' form, not on trained weights (the trained program comes with
`./wick demo`). Written on every run, so the figures always belong to the exporter in the tree.
"""

from __future__ import annotations

import pathlib
import sys


def export_tiny_rps_int8(path: pathlib.Path) -> None:
    import torch

    from wick.export import export
    from wick.models.tiny_rps import TinyRPS
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    torch.manual_seed(0)
    model = TinyRPS().eval()
    generator = torch.Generator().manual_seed(1)
    data = [torch.randn(TinyRPS.input_shape, generator=generator) for _ in range(32)]
    prepared = prepare_pt2e(export(model, (data[0],)), QuantConfig())
    calibrate(prepared, data, progress=False)
    program = to_cortex_m(convert_pt2e(prepared), report=lambda line: None).to_executorch()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(program.buffer)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    export_tiny_rps_int8(pathlib.Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
