"""MLPerf Tiny anomaly detection: the fully connected deep autoencoder.

Written from docs mlperf-tiny.md §5: input [N, 640] (5 frames x 128 log-mel),
640 reconstructed values out. 640-128x4-8-128x4-640, each hidden Dense
followed by BatchNorm and ReLU; the output layer is linear.
265,864 weights + 4,128 BatchNorm parameters.
"""

from __future__ import annotations

import torch
from torch import nn

HIDDEN = [128, 128, 128, 128, 8, 128, 128, 128, 128]


class DeepAutoEncoder(nn.Module):
    input_shape = (1, 640)

    def __init__(self, features: int = 640):
        super().__init__()
        layers = []
        width = features
        for hidden in HIDDEN:
            layers += [nn.Linear(width, hidden), nn.BatchNorm1d(hidden), nn.ReLU()]
            width = hidden
        layers.append(nn.Linear(width, features))
        self.layers = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)
