"""Errors raised while capturing a model, each naming the model line at fault."""

from __future__ import annotations


class CaptureError(RuntimeError):
    """The model could not be turned into a static graph of aten operators."""


class DataDependentControlFlowError(CaptureError):
    """Python control flow (if/while/item()) depended on a tensor's value.

    A .pte holds one straight-line chain of operators, so a branch that looks
    at tensor data cannot be captured. The message names the module and line.
    """
