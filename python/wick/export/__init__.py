"""``wick.export.export(model, example_inputs)``: the first stage of the export flow.

Mirrors ``torch.export.export`` for torch 1.13 (capture by make_fx +
functionalize; see wick.capture).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import torch

from wick.capture import CaptureError, DataDependentControlFlowError, capture

from .exported_program import ExportedProgram, ExportGraphSignature, InputSpec, from_captured


def export(
    model: torch.nn.Module,
    args: Tuple[Any, ...],
    kwargs: Optional[Dict[str, Any]] = None,
    *,
    dynamic_shapes: Optional[Any] = None,
    strict: bool = True,
) -> ExportedProgram:
    """Capture ``model(*args, **kwargs)`` as an ExportedProgram (aten dialect).

    Shapes are those of the example inputs (STATIC tensors in the .pte);
    ``dynamic_shapes`` is refused. ``strict`` is accepted for torch.export
    compatibility; capture is always strict about data-dependent control flow.
    """
    del strict
    if dynamic_shapes is not None:
        raise NotImplementedError("dynamic shapes are not supported yet: export with the shapes the device will use")
    if not isinstance(args, tuple):
        raise TypeError(f"example inputs must be a tuple, got {type(args).__name__} (write (x,) for one input)")
    kwargs = dict(kwargs or {})
    captured = capture(model, args, kwargs)
    return from_captured(captured, (args, kwargs))


__all__ = [
    "CaptureError",
    "DataDependentControlFlowError",
    "ExportGraphSignature",
    "ExportedProgram",
    "InputSpec",
    "export",
]
