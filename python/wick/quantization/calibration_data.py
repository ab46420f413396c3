"""Calibration inputs from disk, for ``wick export --quantize --calibration PATH``.

PATH is one ``.npy`` file holding a stack of inputs ([N, ...] with the
example input's shape after the batch dimension, or [N, *example shape]), or a
directory of ``.npy`` files (one input each) and/or images (``.png``,
``.jpg``, ``.bmp``, ``.pgm``), read in sorted order. Images are converted to
the example's channel count (1: grayscale, 3: RGB), resized to its height and
width, and scaled to [0, 1].
"""

from __future__ import annotations

import os
from typing import List

import numpy as np
import torch

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm")


def _as_input(array: np.ndarray, example: torch.Tensor) -> torch.Tensor:
    tensor = torch.as_tensor(np.asarray(array), dtype=example.dtype)
    if tuple(tensor.shape) == tuple(example.shape[1:]):
        tensor = tensor.unsqueeze(0)
    if tuple(tensor.shape) != tuple(example.shape):
        raise ValueError(f"calibration input of shape {tuple(tensor.shape)} does not match the example {tuple(example.shape)}")
    return tensor


def _image(path: str, example: torch.Tensor) -> torch.Tensor:
    from PIL import Image

    if example.dim() != 4 or example.shape[1] not in (1, 3):
        raise ValueError(f"image {path}: the model input {tuple(example.shape)} is not an [N, 1 or 3, H, W] image")
    image = Image.open(path).convert("L" if example.shape[1] == 1 else "RGB")
    image = image.resize((int(example.shape[3]), int(example.shape[2])))
    array = np.asarray(image, dtype=np.float32) / 255.0
    array = array[None] if array.ndim == 2 else array.transpose(2, 0, 1)
    return _as_input(array, example)


def load_calibration(path: str, example: torch.Tensor) -> List[torch.Tensor]:
    """The calibration inputs at ``path``, each shaped like ``example``."""
    if os.path.isfile(path):
        if not path.endswith(".npy"):
            raise ValueError(f"calibration file {path} is not a .npy file")
        stack = np.load(path)
        if stack.shape == tuple(example.shape):
            return [_as_input(stack, example)]
        return [_as_input(item, example) for item in stack]
    if not os.path.isdir(path):
        raise ValueError(f"no calibration data at {path}")
    inputs = []
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if name.endswith(".npy"):
            inputs.append(_as_input(np.load(full), example))
        elif name.lower().endswith(IMAGE_SUFFIXES):
            inputs.append(_image(full, example))
    if not inputs:
        raise ValueError(f"{path} holds no .npy files or images")
    return inputs
