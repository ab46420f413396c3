"""MLPerf Tiny keyword spotting: DS-CNN with 64 filters.

Written from docs mlperf-tiny.md §3: input [N, 1, 49, 10] MFCC features, 12
logits out. The first convolution (10x4, stride 2) pads (5, 1) symmetrically,
which gives TF "same"'s 25x5 output. Dropout is identity in eval mode.
22,604 weights + 2,304 BatchNorm parameters.
"""

from __future__ import annotations

import torch
from torch import nn


def _bn_relu(channels: int):
    return [nn.BatchNorm2d(channels), nn.ReLU()]


class DSCNN(nn.Module):
    input_shape = (1, 1, 49, 10)

    def __init__(self, num_classes: int = 12, filters: int = 64, blocks: int = 4):
        super().__init__()
        layers = [nn.Conv2d(1, filters, (10, 4), stride=2, padding=(5, 1)), *_bn_relu(filters), nn.Dropout(0.2)]
        for _ in range(blocks):
            layers += [nn.Conv2d(filters, filters, 3, padding=1, groups=filters), *_bn_relu(filters)]
            layers += [nn.Conv2d(filters, filters, 1), *_bn_relu(filters)]
        layers += [nn.Dropout(0.4), nn.AvgPool2d((24, 5))]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(filters, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.features(x), 1))
