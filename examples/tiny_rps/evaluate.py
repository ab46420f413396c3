"""Evaluate the fp32 and int8 programs with Wick's C++ runtime on the host.

    python3 -m tiny_rps.evaluate FP32.pte INT8.pte DATA_DIR OUT_DIR   (from examples/)

Every validation image goes through ``wick.runtime`` one at a time (the
programs have batch 1). Writes OUT_DIR/metrics.json (accuracy, per-class
accuracy and confusion matrix of each program, and how often the two agree)
and OUT_DIR/confusion.png (both confusion matrices, rows = true class).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import Dict, Optional, Sequence

import numpy as np

from . import dataset, glyphs, render


def predict(program: pathlib.Path, inputs: np.ndarray, progress: bool, name: str) -> np.ndarray:
    """Logits float32 [N, 3] of `program` for inputs float32 [N, 1, 28, 28]."""
    import wick.runtime

    module = wick.runtime.load(str(program))
    rows = range(len(inputs))
    if progress:
        from tqdm import tqdm
        rows = tqdm(rows, desc=f"{name} through Wick", unit="img", leave=False)
    return np.stack([module.forward(inputs[i:i + 1])[0][0] for i in rows]).astype(np.float32)


def confusion(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    n = len(glyphs.CLASSES)
    matrix = np.zeros((n, n), np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def summarize(labels: np.ndarray, logits: np.ndarray) -> dict:
    predicted = logits.argmax(1)
    matrix = confusion(labels, predicted)
    return {
        "accuracy": float((predicted == labels).mean()),
        "correct": int((predicted == labels).sum()),
        "total": int(len(labels)),
        "per_class_accuracy": {c: float(matrix[i, i] / max(1, matrix[i].sum()))
                               for i, c in enumerate(glyphs.CLASSES)},
        "confusion": matrix.tolist(),
    }


def plot(metrics: Dict[str, dict], path: pathlib.Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 4))
    for ax, (name, m) in zip(np.atleast_1d(axes), metrics.items()):
        matrix = np.array(m["confusion"])
        ax.imshow(matrix, cmap="Blues")
        for i in range(matrix.shape[0]):
            for j in range(matrix.shape[1]):
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center",
                        color="white" if matrix[i, j] > matrix.max() / 2 else "black")
        ax.set_xticks(range(len(glyphs.CLASSES)), glyphs.CLASSES)
        ax.set_yticks(range(len(glyphs.CLASSES)), glyphs.CLASSES)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"{name} through Wick: {100 * m['accuracy']:.2f}%")
    fig.suptitle(f"TinyRPS validation set ({metrics[next(iter(metrics))]['total']} images)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def evaluate(programs: Dict[str, pathlib.Path], data_dir: pathlib.Path, out_dir: pathlib.Path,
             progress: bool = True) -> dict:
    images, labels = dataset.load(data_dir / "val.npz")
    inputs = render.to_tensor_array(images)
    logits = {name: predict(path, inputs, progress, name) for name, path in programs.items()}
    metrics = {name: summarize(labels, value) for name, value in logits.items()}
    if {"fp32", "int8"} <= set(logits):
        metrics["int8_fp32_agreement"] = float(
            (logits["fp32"].argmax(1) == logits["int8"].argmax(1)).mean())
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    plot({name: metrics[name] for name in programs}, out_dir / "confusion.png")
    return metrics


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fp32", type=pathlib.Path)
    parser.add_argument("int8", type=pathlib.Path)
    parser.add_argument("data_dir", type=pathlib.Path)
    parser.add_argument("out_dir", type=pathlib.Path)
    args = parser.parse_args(argv)
    metrics = evaluate({"fp32": args.fp32, "int8": args.int8}, args.data_dir, args.out_dir)
    for name in ("fp32", "int8"):
        print(f"{name}: {100 * metrics[name]['accuracy']:.2f}% of {metrics[name]['total']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
