"""The Tiny RPS dataset: rendered R/P/S letters, the same on every machine.

    python3 -m tiny_rps.dataset OUT_DIR     (from examples/; writes train.npz, val.npz)

Sizes and seed follow the published recipe: 1000 images per class for
training (3000), 200 per class for validation (600), seed 7, generated once
and shuffled. Inversion (white background) appears in the training set only.
Each .npz holds ``images`` (uint8 [N, 28, 28]) and ``labels`` (int64 [N]).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Dict, Optional, Sequence, Tuple

import numpy as np

from . import glyphs, render

SEED = 7
TRAIN_PER_CLASS = 1000
VAL_PER_CLASS = 200


def generate(per_class: int, rng: np.random.Generator, p_invert: float, masks: np.ndarray,
             progress: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    labels = np.repeat(np.arange(len(glyphs.LETTERS)), per_class)
    source = render.NumpySource(rng)
    items = labels
    if progress:
        from tqdm import tqdm
        items = tqdm(labels, desc="rendering", unit="img", leave=False)
    images = np.stack([render.render(masks, int(c), source, p_invert) for c in items])
    order = rng.permutation(len(labels))
    return images[order], labels[order].astype(np.int64)


def make_splits(seed: int = SEED, train_per_class: int = TRAIN_PER_CLASS,
                val_per_class: int = VAL_PER_CLASS, progress: bool = False
                ) -> Dict[str, Tuple[np.ndarray, np.ndarray]]:
    masks = glyphs.glyph_masks()
    rng = np.random.default_rng(seed)
    return {
        "train": generate(train_per_class, rng, render.P_INVERT, masks, progress),
        "val": generate(val_per_class, rng, 0.0, masks, progress),
    }


def write(out_dir: pathlib.Path, progress: bool = False) -> Dict[str, pathlib.Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, (images, labels) in make_splits(progress=progress).items():
        paths[split] = out_dir / f"{split}.npz"
        np.savez_compressed(paths[split], images=images, labels=labels)
    return paths


def load(path: pathlib.Path) -> Tuple[np.ndarray, np.ndarray]:
    with np.load(path) as data:
        return data["images"], data["labels"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=pathlib.Path)
    args = parser.parse_args(argv)
    try:
        for split, path in write(args.out_dir, progress=True).items():
            print(f"{split}: {path}")
    except glyphs.FontMissing as error:
        print(f"tiny_rps.dataset: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
