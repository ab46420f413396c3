"""TinyRPS: the rock-paper-scissors letter classifier of docs tiny-rps.md §3.

Input [N, 1, 28, 28] in [0, 1], 3 logits out (no softmax in the graph).
425,219 parameters; fc1 holds 94% of them.
"""

from __future__ import annotations

import torch
from torch import nn


class TinyRPS(nn.Module):
    input_shape = (1, 1, 28, 28)

    def __init__(self, num_classes: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.conv1(x))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.pool(self.relu(self.conv3(x)))
        x = torch.flatten(x, 1)
        return self.fc2(self.relu(self.fc1(x)))
