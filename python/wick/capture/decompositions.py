"""The decomposition table used during capture.

torch 1.13 has no ``core_aten_decompositions``; this names, explicitly, every
composite operator that is broken into simpler aten operators while tracing so
that the captured graph only uses operators with a Wick portable kernel.
Operators that Wick implements directly (convolution, addmm, _softmax,
native_layer_norm, max_pool2d_with_indices, ...) are deliberately absent.
"""

from __future__ import annotations

from typing import Callable, Dict

import torch
from torch._decomp import get_decompositions

aten = torch.ops.aten

# Each entry: an operator that appears in common models and has no kernel of its
# own in Wick, decomposed by torch's reference decomposition.
DECOMPOSED_OPERATORS = [
    # activations -> relu/clamp/sigmoid/exp arithmetic
    aten.hardswish,  # x * clamp(x + 3, 0, 6) / 6
    aten.hardsigmoid,  # clamp(x + 3, 0, 6) / 6
    aten.relu6,  # hardtanh(x, 0, 6)
    aten.silu,  # x * sigmoid(x)
    aten.mish,
    aten.elu,
    aten.celu,
    aten.selu,
    aten.glu,  # split + sigmoid + mul
    aten.softplus,
    aten.log_sigmoid_forward,
    aten.rsub,
    # normalizations and statistics -> mean/sub/mul/rsqrt
    aten.native_group_norm,
    aten.linalg_vector_norm,
    aten.norm,
    aten.std,
    aten.std_mean,
    aten.var,
    aten.var_mean,
    aten.logsumexp,
    # pointwise helpers
    aten.addcmul,
    aten.addcdiv,
    aten.masked_fill,
    # shape and factory helpers -> cat / view / full
    aten.stack,
    aten.repeat,
    aten.roll,
    aten._reshape_alias,
    aten.zeros,
    aten.ones,
    aten.new_zeros,
    aten.new_ones,
    aten.new_full,
    aten.native_dropout,
    aten.upsample_bilinear2d,
]


def _prelu(self: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """relu(x) - w * relu(-x), with w broadcast over the channel dimension (dim 1).

    torch's own prelu decomposition uses prims.where, which has no out-variant.
    """
    shape = [1] * self.dim()
    if weight.numel() != 1 and self.dim() >= 2:
        shape[1] = weight.numel()
    slope = weight.reshape(shape)
    return aten.sub.Tensor(aten.relu.default(self), aten.mul.Tensor(slope, aten.relu.default(aten.neg.default(self))))


def wick_decompositions() -> Dict[torch._ops.OpOverload, Callable]:
    """OpOverload -> decomposition for DECOMPOSED_OPERATORS and Wick's own rules."""
    table = get_decompositions(DECOMPOSED_OPERATORS)
    table[aten.prelu.default] = _prelu
    return table
