"""Model capture: PyTorch module -> flat functional aten graph with provenance.

Only this package knows how a graph is obtained. On torch 1.13 that is
make_fx + functionalize (make_fx_capture.py); a torch.export path for newer
PyTorch would be a sibling module returning the same CapturedGraph.
"""

from .errors import CaptureError, DataDependentControlFlowError
from .make_fx_capture import CapturedGraph, capture
from .provenance import PROVENANCE_KEY, Provenance, provenance_of

__all__ = [
    "CaptureError",
    "CapturedGraph",
    "DataDependentControlFlowError",
    "PROVENANCE_KEY",
    "Provenance",
    "capture",
    "provenance_of",
]
