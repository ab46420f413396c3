"""Train TinyRPS (python/wick/models/tiny_rps.py) on the rendered letters.

    python3 -m tiny_rps.train DATA_DIR OUT_DIR [--epochs 8]   (from examples/)

The recipe's settings: cross-entropy, Adam (lr 2e-3, weight decay 1e-4),
batch 64, shuffled, seed 7, CPU. Keeps the best-validation-accuracy weights
as OUT_DIR/rps_best.pt (a state_dict) and writes rps_labels.json and
train_log.json (accuracy and loss per epoch).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
from typing import Optional, Sequence

import torch
from torch import nn

from wick.models.tiny_rps import TinyRPS

from . import dataset, glyphs, render

SEED = 7
EPOCHS = 8
BATCH = 64
LR = 2e-3
WEIGHT_DECAY = 1e-4
CHECKPOINT = "rps_best.pt"


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(x[i:i + 256]).argmax(1) for i in range(0, len(x), 256)])
    return float((predicted == y).float().mean())


def train(data_dir: pathlib.Path, out_dir: pathlib.Path, epochs: int = EPOCHS,
          progress: bool = True, report=print) -> dict:
    torch.manual_seed(SEED)
    train_images, train_labels = dataset.load(data_dir / "train.npz")
    val_images, val_labels = dataset.load(data_dir / "val.npz")
    x = torch.from_numpy(render.to_tensor_array(train_images))
    y = torch.from_numpy(train_labels)
    vx = torch.from_numpy(render.to_tensor_array(val_images))
    vy = torch.from_numpy(val_labels)

    model = TinyRPS()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(SEED)
    out_dir.mkdir(parents=True, exist_ok=True)
    best, log = -1.0, []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x), generator=generator)
        batches = range(0, len(x), BATCH)
        if progress:
            from tqdm import tqdm
            batches = tqdm(batches, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=False)
        total_loss, correct = 0.0, 0
        for i in batches:
            index = order[i:i + BATCH]
            logits = model(x[index])
            loss = loss_fn(logits, y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_loss += float(loss) * len(index)
            correct += int((logits.argmax(1) == y[index]).sum())
        train_acc = correct / len(x)
        val_acc = accuracy(model, vx, vy)
        log.append({"epoch": epoch, "loss": total_loss / len(x), "train_accuracy": train_acc,
                    "val_accuracy": val_acc, "seconds": time.perf_counter() - start})
        marker = ""
        if val_acc >= best:  # ties: the later, longer-trained weights
            best = val_acc
            torch.save(model.state_dict(), out_dir / CHECKPOINT)
            marker = "  (best so far: checkpoint saved)"
        report(f"epoch {epoch}/{epochs}: loss {total_loss / len(x):.4f}, train {100 * train_acc:.2f}%, "
               f"val {100 * val_acc:.2f}% ({time.perf_counter() - start:.1f} s){marker}")
    (out_dir / "rps_labels.json").write_text(json.dumps(list(glyphs.CLASSES)) + "\n")
    summary = {"best_val_accuracy": best, "epochs": log, "seed": SEED, "batch": BATCH, "lr": LR,
               "weight_decay": WEIGHT_DECAY}
    (out_dir / "train_log.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def load_trained(checkpoint: pathlib.Path) -> TinyRPS:
    model = TinyRPS()
    model.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    return model.eval()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=pathlib.Path)
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    summary = train(args.data_dir, args.out_dir, args.epochs)
    print(f"best validation accuracy {100 * summary['best_val_accuracy']:.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
