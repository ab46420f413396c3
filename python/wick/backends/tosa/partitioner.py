"""TosaPartitioner: claims the largest convex runs of TOSA-lowerable operators of an
exported program and replaces each by one delegate call (backend id "TOSABackend")
carrying a TOSA 1.0 flatbuffer; everything else is left to Wick's CPU kernels.

    partitioner = TosaPartitioner()
    lowered = partitioner.lower(converted)          # int8 Q/DQ program, or a float one
    edge = to_edge(lowered, compile_config=partitioner.compile_config())
    print(partitioner.report.table())

int8 programs (convert_pt2e's Q/DQ graphs) lower to PRO-INT: the quantize/dequantize
pairs between lowered operators fold away into RESCALEs, and the delegate takes and
returns int8 tensors (the program's own quantize/dequantize stay on the CPU as
cortex_m::quantize/dequantize_per_tensor). Float programs lower to PRO-FP.
"""

from __future__ import annotations

import dataclasses
import operator
import os
from typing import Dict, List, Optional

import numpy as np
import torch
from torch.fx import Node

import wick.exir  # noqa: F401  (first: wick.passes needs wick.exir loaded before it)
from wick.capture.provenance import provenance_of
from wick.export.exported_program import ExportedProgram
from wick.passes import FoldBatchNormPass, FoldConstantTransformsPass, RemoveNoOpsPass
from wick.passes.graph_utils import add_constant, remove_unused_constants
from wick.quantization.convert import constant_tensor
from wick.quantization.ops import cortex_m, dequantize_per_channel, dequantize_per_tensor, quantize_per_tensor
from wick.quantization.prepare import propagate_shapes

from .delegate_call import SUPPORTED, delegate_call, register_reference
from .emitter import TosaEmitter
from .patterns_fp import FloatPatterns
from .patterns_int8 import Int8Patterns
from .reference import ReferenceInterpreter
from .schema import DType
from .serializer import TOSA_DTYPE, deserialize_graph
from .units import Unit, shape_of

BACKEND_ID = "TOSABackend"
_QDQ = (quantize_per_tensor, dequantize_per_tensor)


@dataclasses.dataclass
class PartitionReport:
    delegated: Dict[str, int] = dataclasses.field(default_factory=dict)   # unit kind -> count
    delegated_ops: int = 0                                               # torch operators inside delegates
    fallbacks: List[str] = dataclasses.field(default_factory=list)       # operators left on the CPU
    partitions: int = 0
    tosa_operators: int = 0
    blobs: List[bytes] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} x{v}" for k, v in sorted(self.delegated.items()))
        lines = [f"TOSA: {self.partitions} delegate(s), {self.delegated_ops} operators delegated "
                 f"({self.tosa_operators} TOSA operators): {kinds}",
                 f"TOSA: {len(self.fallbacks)} operator(s) on the CPU"]
        lines += [f"  - {site}" for site in self.fallbacks]
        return "\n".join(lines)


_PARSED: Dict[bytes, ReferenceInterpreter] = {}


def _reference(blob: bytes, inputs: List[torch.Tensor]) -> List[torch.Tensor]:
    """The delegate op in torch: the numpy TOSA interpreter (so lowered graphs still run)."""
    if blob not in _PARSED:
        _PARSED[blob] = ReferenceInterpreter(deserialize_graph(blob))
    outputs = _PARSED[blob].run([t.detach().contiguous().numpy() for t in inputs])
    return [torch.from_numpy(np.ascontiguousarray(o)) for o in outputs]


register_reference(BACKEND_ID, _reference)


class TosaPartitioner:
    def __init__(self, emit_tosa_dir: Optional[str] = None):
        self.emit_tosa_dir = emit_tosa_dir
        self.report = PartitionReport()

    @staticmethod
    def compile_config():
        from wick.exir import EdgeCompileConfig
        from wick.exir.supported_ops import SUPPORTED_OPS
        return EdgeCompileConfig(supported_ops=frozenset(SUPPORTED_OPS) | SUPPORTED)

    def lower(self, program: ExportedProgram) -> ExportedProgram:
        program = program.copy()
        gm, graph = program.graph_module, program.graph_module.graph
        int8 = any(n.op == "call_function" and n.target is quantize_per_tensor for n in graph.nodes)
        if not int8:  # float graphs come straight from export: fold batch norm, drop no-ops first
            # (constant weight transforms first: linear's weight reaches addmm through t()).
            for graph_pass in (RemoveNoOpsPass(), FoldConstantTransformsPass(), FoldBatchNormPass()):
                graph_pass(gm)
            graph.eliminate_dead_code()
            propagate_shapes(gm, program.flat_example_inputs)
        patterns = Int8Patterns(gm) if int8 else FloatPatterns(gm)
        units: Dict[Node, Unit] = {}
        for node in graph.nodes:
            unit = patterns.unit_for(node)
            if unit is not None:
                units[node] = unit
        self.report = PartitionReport()
        self._replaced: Dict[Node, Node] = {}  # delegated value -> the getitem now holding it
        for index, partition in enumerate(self._partitions(graph, units)):
            self._delegate(gm, partition, index)
        _restore_topological_order(graph)
        graph.eliminate_dead_code()
        if int8:
            _lower_boundaries(gm)
        remove_unused_constants(gm)
        graph.lint()
        gm.recompile()
        propagate_shapes(gm, program.flat_example_inputs)
        self._record_fallbacks(graph)
        return program

    # ---- partitioning ------------------------------------------------------------
    @staticmethod
    def _partitions(graph, units: Dict[Node, Unit]) -> List[List[Unit]]:
        """Runs of units in graph order that stay convex: a unit joins the current partition
        unless one of its inputs depends on the partition through a CPU operator."""
        owner = {n: u for u in units.values() for n in u.nodes}
        partitions: List[List[Unit]] = []
        current: List[Unit] = []
        members, tainted = set(), set()
        for node in graph.nodes:
            if node.op != "call_function":
                continue
            unit = owner.get(node)
            if unit is not None and node is not unit.out:
                continue
            if unit is not None:
                if any(i in tainted for i in unit.inputs):
                    partitions.append(current)
                    current, members, tainted = [], set(), set()
                current.append(unit)
                members.update(unit.nodes)
            elif any(a in members or a in tainted for a in node.all_input_nodes):
                tainted.add(node)
        partitions.append(current)
        return [p for p in partitions if p]

    # ---- one delegate ------------------------------------------------------------
    def _delegate(self, gm, partition: List[Unit], index: int) -> None:
        graph = gm.graph
        members = {n for u in partition for n in u.nodes}
        produced = {u.out for u in partition}
        inputs: List[Node] = []
        for unit in partition:
            for value in unit.inputs:
                if value not in produced and value not in inputs:
                    inputs.append(value)
        # Values an earlier delegate now produces are read from its outputs.
        sources = [self._replaced.get(value, value) for value in inputs]

        def used_outside(node: Node) -> bool:
            for user in node.users:
                if user in members:
                    continue
                if user.op == "call_function" and user.target is dequantize_per_tensor:
                    if any(u not in members for u in user.users):
                        return True
                    continue
                return True
            return False

        outputs = [u.out for u in partition if used_outside(u.out)]
        e = TosaEmitter()
        names: Dict[Node, str] = {}
        for i, value in enumerate(inputs):
            meta = value.meta["tensor_meta"]
            names[value] = e.g.add_input(f"input_{i}", list(meta.shape), TOSA_DTYPE[np.dtype(_numpy_dtype(meta.dtype))])
        for unit in partition:
            names[unit.out] = unit.emit(e, [names[v] for v in unit.inputs])
        for value in outputs:
            name = e.layout(names[value], False)
            if e.shape(name) != shape_of(value):
                raise RuntimeError(f"TOSA lowering of {value.name}: shape {e.shape(name)} != {shape_of(value)}")
            e.g.add_output(name)
        blob = e.g.serialize()
        self.report.blobs.append(blob)
        if self.emit_tosa_dir:
            os.makedirs(self.emit_tosa_dir, exist_ok=True)
            with open(os.path.join(self.emit_tosa_dir, f"delegate_{index}.tosa"), "wb") as f:
                f.write(blob)
        anchor = partition[-1].out
        blob_node = add_constant(gm, torch.frombuffer(bytearray(blob), dtype=torch.uint8), before=anchor, hint="tosa_blob")
        with graph.inserting_after(anchor):
            call = graph.call_function(delegate_call, (sources, blob_node, BACKEND_ID))
        previous = call
        for i, value in enumerate(outputs):
            with graph.inserting_after(previous):
                item = graph.call_function(operator.getitem, (call, i))
            item.meta["tensor_meta"] = value.meta["tensor_meta"]
            self._replaced[value] = item
            for user in list(value.users):
                if user not in members and user is not call:
                    user.replace_input_with(value, item)
            previous = item
        self.report.partitions += 1
        self.report.tosa_operators += sum(1 for op in e.g.operators if op.op not in (67, 75))  # CONST, CONST_SHAPE
        for unit in partition:
            self.report.delegated[unit.kind] = self.report.delegated.get(unit.kind, 0) + 1
            self.report.delegated_ops += sum(1 for n in unit.nodes if n.target not in (quantize_per_tensor, operator.getitem))

    def _record_fallbacks(self, graph) -> None:
        boundary = {cortex_m.quantize_per_tensor.default, cortex_m.dequantize_per_tensor.default, delegate_call,
                    operator.getitem}
        for node in graph.nodes:
            if node.op != "call_function" or node.target in boundary:
                continue
            if all(a.op == "get_attr" for a in node.all_input_nodes):
                continue
            self.report.fallbacks.append(f"{node.target} at {provenance_of(node).describe()}")


def _numpy_dtype(dtype: torch.dtype):
    return {torch.int8: np.int8, torch.int16: np.int16, torch.int32: np.int32, torch.float32: np.float32,
            torch.bool: np.bool_}[dtype]


def _restore_topological_order(graph) -> None:
    """Moves each node after its latest input (delegate outputs are defined at the end of
    their partition, after CPU users that sat between its operators)."""
    while True:
        position = {n: i for i, n in enumerate(graph.nodes)}
        late = next(((n, max(n.all_input_nodes, key=position.get)) for n in graph.nodes
                     if n.all_input_nodes and position[max(n.all_input_nodes, key=position.get)] > position[n]), None)
        if late is None:
            return
        node, latest = late
        latest.append(node)


def _lower_boundaries(gm) -> None:
    """The remaining quantize/dequantize run on the CPU (cortex_m kernels); float operators
    that read int8 weights get them dequantized once, at export time."""
    graph = gm.graph
    for node in list(graph.nodes):
        if node.op != "call_function":
            continue
        if node.target in _QDQ:
            target = cortex_m.quantize_per_tensor.default if node.target is quantize_per_tensor \
                else cortex_m.dequantize_per_tensor.default
            with graph.inserting_before(node):
                new = graph.call_function(target, node.args, dict(node.kwargs))
            new.meta.update(node.meta)
            node.replace_all_uses_with(new)
            graph.erase_node(node)
        elif node.target is dequantize_per_channel:
            value = constant_tensor(gm, node).to(torch.float32)
            folded = add_constant(gm, value, before=node, hint="dequantized")
            node.replace_all_uses_with(folded)
            graph.erase_node(node)
