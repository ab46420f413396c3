"""Real data: a small CNN trained on scikit-learn's 8x8 handwritten digits (shipped by python3-sklearn).

The fp32 and int8 (cortex_m) programs both run through Wick's C++ runtime over
the held-out set; int8 accuracy must be within 1 point of fp32.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from wick.exir import to_edge
from wick.export import export
from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

runtime = pytest.importorskip("wick.runtime", reason="the wick._runtime binding is not built (./wick test)")
datasets = pytest.importorskip("sklearn.datasets", reason="python3-sklearn is not installed")


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def _data():
    digits = datasets.load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
    labels = torch.tensor(digits.target, dtype=torch.int64)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    images, labels = images[order], labels[order]
    split = int(0.7 * len(labels))
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def _train(images, labels, epochs=8):
    torch.manual_seed(0)
    model = DigitsCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(epochs):
        model.train()
        for batch in torch.randperm(len(labels)).split(32):
            optimizer.zero_grad()
            F.cross_entropy(model(images[batch]), labels[batch]).backward()
            optimizer.step()
    return model.eval()


def _accuracy(program, images, labels) -> float:
    correct = sum(int(np.argmax(program.forward(x.unsqueeze(0))[0]) == int(y)) for x, y in zip(images, labels))
    return 100.0 * correct / len(labels)


def test_int8_accuracy_is_within_one_point_of_fp32(tmp_path):
    torch.set_num_threads(2)
    (train_x, train_y), (test_x, test_y) = _data()
    model = _train(train_x, train_y)
    example = (train_x[:1],)

    fp32_path = tmp_path / "digits_fp32.pte"
    to_edge(export(model, example)).to_executorch().save(str(fp32_path))

    prepared = prepare_pt2e(export(model, example), QuantConfig())
    calibrate(prepared, list(train_x[:300].split(1)), progress=False)
    int8_path = tmp_path / "digits_int8.pte"
    fallbacks = []
    to_cortex_m(convert_pt2e(prepared), report=fallbacks.append).to_executorch().save(str(int8_path))
    assert fallbacks == []

    fp32 = _accuracy(runtime.load(str(fp32_path)), test_x, test_y)
    int8 = _accuracy(runtime.load(str(int8_path)), test_x, test_y)
    print(f"digits: fp32 {fp32:.2f}%  int8 {int8:.2f}% over {len(test_y)} held-out images")
    assert fp32 > 95.0
    assert int8 >= fp32 - 1.0
