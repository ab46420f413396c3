"""Run .pte programs with Wick's C++ runtime from Python.

    import wick.runtime
    m = wick.runtime.load("model.pte")
    outputs = m.forward(x)          # numpy arrays or torch tensors in, numpy arrays out

Errors raised by the runtime become ``WickError`` carrying the runtime's own
message (which operator is missing, which input has the wrong shape, ...).
"""
from __future__ import annotations

import os
from typing import Any, List, Sequence

import numpy as np

try:
    from wick import _runtime
except ImportError as error:  # pragma: no cover - depends on the build
    raise ImportError(
        "wick's C++ runtime module is not built: run `./wick test` or "
        "`cmake --build build/host --target wick_runtime_module` first") from error

__all__ = ["WickError", "Module", "load"]


class WickError(RuntimeError):
    """An error reported by the Wick runtime."""


def _as_runtime_input(value: Any) -> Any:
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # torch.Tensor
        return value.detach().cpu().contiguous().numpy()
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return np.asarray(value)


class Module:
    """A loaded program; methods load on first use and stay loaded."""

    def __init__(self, path: str, ptd: str | None = None, max_planned_bytes: int = 0):
        self.path = os.fspath(path)
        try:
            self._program = _runtime.Program(self.path, os.fspath(ptd) if ptd else "",
                                             max_planned_bytes)
        except (RuntimeError, ValueError) as error:
            raise WickError(str(error)) from None

    @property
    def method_names(self) -> List[str]:
        return list(self._program.method_names())

    def run_method(self, name: str, inputs: Sequence[Any] = ()) -> List[Any]:
        try:
            return list(self._program.run(name, [_as_runtime_input(v) for v in inputs]))
        except (RuntimeError, ValueError) as error:
            raise WickError(str(error)) from None

    def forward(self, *inputs: Any) -> List[Any]:
        return self.run_method("forward", inputs)

    __call__ = forward

    def method_info(self, name: str = "forward") -> dict:
        try:
            return dict(self._program.method_info(name))
        except (RuntimeError, ValueError) as error:
            raise WickError(str(error)) from None


def load(path: str, ptd: str | None = None, max_planned_bytes: int = 0) -> Module:
    """Loads a .pte (or .bpte) file; ``ptd`` supplies external tensor data."""
    return Module(path, ptd, max_planned_bytes)
