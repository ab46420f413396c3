"""Export the trained TinyRPS as an fp32 and an int8 .pte.

    python3 -m tiny_rps.export CHECKPOINT DATA_DIR OUT_DIR   (from examples/)

fp32: wick.export -> to_edge -> to_executorch (portable operators).
int8: the same capture, prepare_pt2e -> calibrate on CALIBRATION_IMAGES
training images -> convert_pt2e -> to_cortex_m (cortex_m:: int8 operators,
float input and output), the program the game firmware links into flash.
Unlike the published recipe, both come from the trained weights, and the
calibration sees hundreds of real images instead of one all-zeros input.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Dict, Optional, Sequence

import torch

from . import dataset, render, train

CALIBRATION_IMAGES = 512
FP32_NAME = "tiny_rps_fp32.pte"
INT8_NAME = "tiny_rps_int8.pte"


def export_programs(checkpoint: pathlib.Path, data_dir: pathlib.Path, out_dir: pathlib.Path,
                    calibration_images: int = CALIBRATION_IMAGES, progress: bool = True,
                    report=print) -> Dict[str, pathlib.Path]:
    from wick.exir import to_edge
    from wick.export import export
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    if calibration_images < 300:
        raise ValueError(f"calibrate on at least 300 images, not {calibration_images}")
    model = train.load_trained(checkpoint)
    example = (torch.zeros(1, 1, 28, 28),)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"fp32": out_dir / FP32_NAME, "int8": out_dir / INT8_NAME}

    program = to_edge(export(model, example)).to_executorch()
    paths["fp32"].write_bytes(program.buffer)
    report(f"fp32: {paths['fp32']} ({len(program.buffer):,} bytes)")

    images, _ = dataset.load(data_dir / "train.npz")
    if len(images) < calibration_images:
        raise ValueError(f"{data_dir / 'train.npz'} has {len(images)} images, "
                         f"calibration needs {calibration_images}")
    batches = [torch.from_numpy(render.to_tensor_array(images[i:i + 1]))
               for i in range(calibration_images)]
    prepared = prepare_pt2e(export(model, example), QuantConfig())
    calibrate(prepared, batches, progress=progress)
    edge = to_cortex_m(convert_pt2e(prepared), report=report)
    if edge.fallbacks:
        raise RuntimeError(f"int8 export left operators in float: {edge.fallbacks}")
    program = edge.to_executorch()
    paths["int8"].write_bytes(program.buffer)
    report(f"int8: {paths['int8']} ({len(program.buffer):,} bytes, calibrated on "
           f"{calibration_images} training images)")
    return paths


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=pathlib.Path)
    parser.add_argument("data_dir", type=pathlib.Path)
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--calibration-images", type=int, default=CALIBRATION_IMAGES)
    args = parser.parse_args(argv)
    export_programs(args.checkpoint, args.data_dir, args.out_dir, args.calibration_images)
    return 0


if __name__ == "__main__":
    sys.exit(main())
