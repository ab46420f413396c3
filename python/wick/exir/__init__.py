"""Edge and ExecuTorch stages of the export flow (names follow ``executorch.exir``).

    from wick.export import export
    from wick.exir import to_edge
    prog = to_edge(export(model, (x,))).to_executorch()
    open("model.pte", "wb").write(prog.buffer)
"""

# The program managers load on first use: wick.passes imports the edge operator
# definitions of this package (wick.exir.edge_ops), and wick.exir.program
# imports wick.passes, so an eager import here would make importing wick.passes
# first a circular import.
_PROGRAM_NAMES = (
    "EdgeCompileConfig",
    "EdgeProgramManager",
    "ExecutorchBackendConfig",
    "ExecutorchProgramManager",
    "save_pte_program",
    "to_edge",
    "to_edge_transform_and_lower",
)


def __getattr__(name):
    if name in _PROGRAM_NAMES:
        from . import program

        return getattr(program, name)
    raise AttributeError(f"module 'wick.exir' has no attribute {name!r}")


__all__ = [
    "EdgeCompileConfig",
    "EdgeProgramManager",
    "ExecutorchBackendConfig",
    "ExecutorchProgramManager",
    "save_pte_program",
    "to_edge",
    "to_edge_transform_and_lower",
]
