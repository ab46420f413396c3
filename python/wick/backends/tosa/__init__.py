"""Wick's TOSA 1.0 backend on the Python side.

* `schema` / `serializer`: TOSA 1.0 flatbuffers (`.tosa`) in Python, read and written.
* `reference`: a numpy interpreter of the specification's pseudo-code.
* `runner`: runs a `.tosa` graph through Wick's C++ interpreter (TOSABackend).
"""

from .schema import DType, Op
from .serializer import TosaGraphBuilder, deserialize_graph, serialize_graph

__all__ = ["DType", "Op", "TosaGraphBuilder", "deserialize_graph", "serialize_graph"]


def to_tosa(program, *, emit_tosa_dir=None, report=None):
    """``to_edge`` of `program` with its TOSA-lowerable subgraphs delegated to TOSABackend.

    `program` is a converted int8 program (PRO-INT) or a float export (PRO-FP). Each
    delegate's flatbuffer is also written to `emit_tosa_dir` (delegate_<i>.tosa) when given;
    `report` receives the summary lines (delegated operators, CPU fallbacks).
    """
    from wick.exir import to_edge

    from .partitioner import TosaPartitioner

    partitioner = TosaPartitioner(emit_tosa_dir=emit_tosa_dir)
    lowered = partitioner.lower(program)
    if report is not None:
        for line in partitioner.report.summary().splitlines():
            report(line)
    edge = to_edge(lowered, compile_config=partitioner.compile_config())
    edge.tosa_report = partitioner.report
    return edge


__all__.append("to_tosa")
