"""Running a TOSA flatbuffer through Wick's C++ interpreter (TOSABackend).

The graph is wrapped in a one-instruction `.pte` (standalone_pte.py) and run by
`wick.runtime`, whose host registry includes TOSABackend.
"""

from __future__ import annotations

import os
import tempfile
from typing import List, Optional, Sequence

import numpy as np

from .serializer import deserialize_graph
from .standalone_pte import single_delegate_pte


class WickTosaError(RuntimeError):
    """Wick refused or failed the graph (the runtime's message is included)."""


def available() -> Optional[str]:
    """None when TOSA graphs can run here, else why not."""
    try:
        import wick.runtime  # noqa: F401
    except ImportError as error:
        return f"wick.runtime is not built ({error}); run ./wick test"
    return None


def run_pte(pte: bytes, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
    why = available()
    if why:
        raise WickTosaError(why)
    import wick.runtime as runtime
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "graph.pte")
        with open(path, "wb") as f:
            f.write(pte)
        try:
            return [np.asarray(o) for o in runtime.load(path).forward(*inputs)]
        except runtime.WickError as error:
            raise WickTosaError(str(error)) from None


def run_tosa(blob: bytes, inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
    """Outputs of the TOSA graph `blob` on `inputs`, computed by Wick's C++ interpreter."""
    return run_pte(single_delegate_pte(blob, deserialize_graph(blob)), inputs)
