"""MLPerf Tiny image classification: ResNet-8 (ResNetv1-EEMBC, 16/32/64 filters).

Written from the layer table in docs mlperf-tiny.md §2: input [N, 3, 32, 32]
(CIFAR-10), 10 logits out (the Keras reference applies softmax; the logits are
returned here). Convolutions carry a bias as in Keras; the 1x1 skip
convolutions have no BatchNorm. 77,706 weights + 960 BatchNorm parameters.
"""

from __future__ import annotations

import torch
from torch import nn


def _conv_bn(in_channels: int, out_channels: int, stride: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1), nn.BatchNorm2d(out_channels)
    )


class ResidualStack(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, stride: int):
        super().__init__()
        self.conv_a = _conv_bn(in_channels, out_channels, stride)
        self.conv_b = _conv_bn(out_channels, out_channels, 1)
        self.skip = None if stride == 1 else nn.Conv2d(in_channels, out_channels, 1, stride=stride)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv_b(self.relu(self.conv_a(x)))
        shortcut = x if self.skip is None else self.skip(x)
        return self.relu(y + shortcut)


class ResNet8(nn.Module):
    input_shape = (1, 3, 32, 32)

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.stem = nn.Sequential(_conv_bn(3, 16, 1), nn.ReLU())
        self.stack1 = ResidualStack(16, 16, 1)
        self.stack2 = ResidualStack(16, 32, 2)
        self.stack3 = ResidualStack(32, 64, 2)
        self.pool = nn.AvgPool2d(8)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stack3(self.stack2(self.stack1(self.stem(x))))
        return self.fc(torch.flatten(self.pool(x), 1))
