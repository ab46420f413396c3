"""Edge and ExecuTorch stages of the export flow (names follow ``executorch.exir``).

    from wick.export import export
    from wick.exir import to_edge
    prog = to_edge(export(model, (x,))).to_executorch()
    open("model.pte", "wb").write(prog.buffer)
"""

from .program import (
    EdgeCompileConfig,
    EdgeProgramManager,
    ExecutorchBackendConfig,
    ExecutorchProgramManager,
    save_pte_program,
    to_edge,
    to_edge_transform_and_lower,
)

__all__ = [
    "EdgeCompileConfig",
    "EdgeProgramManager",
    "ExecutorchBackendConfig",
    "ExecutorchProgramManager",
    "save_pte_program",
    "to_edge",
    "to_edge_transform_and_lower",
]
