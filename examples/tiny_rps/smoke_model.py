"""A small stand-in int8 TinyRPS program for the game firmware's tests.

    python3 -m tiny_rps.smoke_model OUT.pte      (from examples/)

Seeded, untrained weights, calibrated on 32 rendered letters: exported in a
few seconds and with no training, it lets tests/platform/test_tiny_rps_game.py
check the game itself (rounds, scoring, on-device rendering, host and device
agreeing bit for bit) without the demo's training run. Its predictions are
meaningless; the demo's trained program is tiny_rps_game.elf's.
"""

from __future__ import annotations

import pathlib
import sys
from typing import Optional, Sequence

import numpy as np
import torch

from . import glyphs, render


def export_smoke(path: pathlib.Path) -> None:
    from wick.export import export
    from wick.models.tiny_rps import TinyRPS
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    torch.manual_seed(0)
    model = TinyRPS().eval()
    masks = glyphs.glyph_masks()
    source = render.NumpySource(np.random.default_rng(0))
    images = np.stack([render.render(masks, i % 3, source) for i in range(32)])
    data = [torch.from_numpy(render.to_tensor_array(images[i:i + 1])) for i in range(len(images))]
    prepared = prepare_pt2e(export(model, (torch.zeros(1, 1, 28, 28),)), QuantConfig())
    calibrate(prepared, data, progress=False)
    program = to_cortex_m(convert_pt2e(prepared)).to_executorch()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(program.buffer)
    tmp.replace(path)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python3 -m tiny_rps.smoke_model OUT.pte", file=sys.stderr)
        return 2
    export_smoke(pathlib.Path(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
