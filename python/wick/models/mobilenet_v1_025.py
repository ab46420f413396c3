"""MLPerf Tiny visual wake words: MobileNetV1 with width 0.25.

Written from docs mlperf-tiny.md §4: input [N, 3, 96, 96], 2 logits out.
Plain ReLU (not ReLU6); 13 depthwise-separable blocks with (stride, channels)
as in the reference. 210,850 weights + 10,944 BatchNorm parameters.
"""

from __future__ import annotations

import torch
from torch import nn

# (stride, output channels) of the 13 depthwise-separable blocks
BLOCKS = [(1, 16), (2, 32), (1, 32), (2, 64), (1, 64), (2, 128)] + [(1, 128)] * 5 + [(2, 256), (1, 256)]


def _conv_bn_relu(in_channels, out_channels, kernel, stride, groups=1):
    return [
        nn.Conv2d(in_channels, out_channels, kernel, stride=stride, padding=kernel // 2, groups=groups),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    ]


class MobileNetV1025(nn.Module):
    input_shape = (1, 3, 96, 96)

    def __init__(self, num_classes: int = 2):
        super().__init__()
        layers = _conv_bn_relu(3, 8, 3, 2)
        channels = 8
        for stride, out_channels in BLOCKS:
            layers += _conv_bn_relu(channels, channels, 3, stride, groups=channels)
            layers += _conv_bn_relu(channels, out_channels, 1, 1)
            channels = out_channels
        layers.append(nn.AvgPool2d(3))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.features(x), 1))
