"""The edge and ExecuTorch stages: ``to_edge(...).to_executorch(...).buffer``.

Names follow ExecuTorch's (EdgeProgramManager, ExecutorchProgramManager,
EdgeCompileConfig, ExecutorchBackendConfig) so tutorial code reads the same
with ``wick`` in place of ``executorch``.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Callable, Dict, List, Optional, Union

from wick.export.exported_program import ExportedProgram
from wick.memory_planning import Lifetime, MemoryPlan, compute_lifetimes, find_byte_aliases, instruction_nodes, plan_lifetimes
from wick.passes import GraphPass, OutVariantPass, ValidateSupportedOpsPass, edge_passes
from wick.pte.serialize import serialize_pte

from .emitter import SCRATCH_KEY, EmittedProgram, emit_program, scratch_value_key
from .supported_ops import SUPPORTED_OPS
from .tensor_spec import propagate_specs

ProgressCallback = Callable[[str], None]


@dataclasses.dataclass
class EdgeCompileConfig:
    """``_check_ir_validity``: raise one error listing operators without a Wick kernel."""

    _check_ir_validity: bool = True
    supported_ops: frozenset = SUPPORTED_OPS


@dataclasses.dataclass
class ExecutorchBackendConfig:
    """Serialization and planning knobs (ExecuTorch's defaults)."""

    segment_alignment: int = 128
    memory_alignment: int = 16
    method_name: str = "forward"
    emit_stacktrace: bool = False  # one Frame (model file, line, module path, code) per instruction
    # permute_copy / view_copy that leave the bytes as they are share their input's planned
    # memory and run no instruction (wick.memory_planning.aliases); False emits them as copies.
    alias_views: bool = True


def _run_passes(program: ExportedProgram, passes: List[GraphPass], progress: Optional[ProgressCallback]) -> None:
    for graph_pass in passes:
        if progress:
            progress(type(graph_pass).__name__)
        graph_pass(program.graph_module)


class ExecutorchProgramManager:
    """A serialized program: ``buffer`` holds the .pte bytes."""

    def __init__(self, edge_program: ExportedProgram, emitted: EmittedProgram, plan: MemoryPlan, buffer: bytes):
        self._edge_program = edge_program
        self.emitted = emitted
        self.memory_plan = plan
        self._buffer = buffer

    @property
    def buffer(self) -> bytes:
        return self._buffer

    @property
    def executorch_program(self):
        """The ``wick.pte.schema.Program`` that ``buffer`` encodes."""
        return self.emitted.program

    @property
    def operator_names(self) -> List[str]:
        return list(self.emitted.operator_names)

    def exported_program(self) -> ExportedProgram:
        return self._edge_program

    def write_to_file(self, open_file) -> None:
        open_file.write(self._buffer)

    def save(self, path: Union[str, os.PathLike]) -> None:
        with open(path, "wb") as f:
            self.write_to_file(f)


class EdgeProgramManager:
    """The edge dialect program: passes applied, operators validated, specs known."""

    def __init__(self, edge_program: ExportedProgram, compile_config: EdgeCompileConfig):
        self._program = edge_program
        self.compile_config = compile_config

    def exported_program(self, method_name: str = "forward") -> ExportedProgram:
        if method_name != "forward":
            raise KeyError(f"no method {method_name!r}; Wick programs have one method, 'forward'")
        return self._program

    def transform(self, passes: List[GraphPass]) -> "EdgeProgramManager":
        program = self._program.copy()
        _run_passes(program, list(passes) + [OutVariantPass()], None)
        _finish_edge(program, self.compile_config)
        return EdgeProgramManager(program, self.compile_config)

    def to_executorch(
        self, config: Optional[ExecutorchBackendConfig] = None, *, progress: Optional[ProgressCallback] = None
    ) -> ExecutorchProgramManager:
        config = config or ExecutorchBackendConfig()
        program = self._program
        if progress:
            progress("memory planning")
        aliases = find_byte_aliases(program.graph) if config.alias_views else {}
        plan = _plan_memory(program.graph, config.memory_alignment, aliases)
        if progress:
            progress("emitting")
        emitted = emit_program(
            program.graph_module, plan, program.in_spec, program.out_spec, config.method_name, config.emit_stacktrace
        )
        emitted = _lower_delegate_calls(emitted)
        if progress:
            progress("serializing")
        buffer = serialize_pte(emitted.program, [emitted.constant_segment], segment_alignment=config.segment_alignment)
        return ExecutorchProgramManager(program, emitted, plan, buffer)


def _lower_delegate_calls(emitted: EmittedProgram) -> EmittedProgram:
    """Delegate-call operators (partitioned subgraphs) become DelegateCall instructions."""
    from wick.backends.tosa.delegate_call import lower_delegate_calls

    lowered, segment = lower_delegate_calls(emitted.program, emitted.constant_segment)
    if lowered is emitted.program:
        return emitted
    operators = lowered.execution_plan[0].operators
    names = [f"{op.name}.{op.overload}" if op.overload else op.name for op in operators]
    return dataclasses.replace(emitted, program=lowered, constant_segment=segment, operator_names=names)


def _plan_memory(graph, alignment: int, aliases) -> MemoryPlan:
    """Plan the graph's tensors plus each operator's scratch buffers (live during that operator only)."""
    lifetimes, n_steps = compute_lifetimes(graph, aliases)
    for step, node in enumerate(instruction_nodes(graph, aliases)):
        for argument, nbytes in node.meta.get(SCRATCH_KEY, {}).items():
            lifetimes.append(Lifetime(scratch_value_key(node, argument), nbytes, step, step))
    return plan_lifetimes(lifetimes, n_steps, alignment, aliases)


def _finish_edge(program: ExportedProgram, config: EdgeCompileConfig, progress: Optional[ProgressCallback] = None) -> None:
    if progress:
        progress("shape propagation")
    propagate_specs(program.graph_module, program.flat_example_inputs)
    if config._check_ir_validity:
        if progress:
            progress("operator validation")
        ValidateSupportedOpsPass(config.supported_ops)(program.graph_module)


def to_edge(
    programs: Union[ExportedProgram, Dict[str, ExportedProgram]],
    constant_methods: Optional[dict] = None,
    compile_config: Optional[EdgeCompileConfig] = None,
    *,
    progress: Optional[ProgressCallback] = None,
) -> EdgeProgramManager:
    """Run the edge passes on a copy of ``programs`` (one ExportedProgram, or {"forward": it})."""
    if isinstance(programs, dict):
        if list(programs) != ["forward"]:
            raise NotImplementedError(f"Wick exports a single 'forward' method, got methods {list(programs)}")
        programs = programs["forward"]
    if constant_methods:
        raise NotImplementedError("constant_methods are not supported by the Wick exporter yet")
    config = compile_config or EdgeCompileConfig()
    program = programs.copy()
    program.dialect = "EDGE"
    _run_passes(program, edge_passes(), progress)
    _finish_edge(program, config, progress)
    return EdgeProgramManager(program, config)


def to_edge_transform_and_lower(
    programs: Union[ExportedProgram, Dict[str, ExportedProgram]],
    transform_passes: Optional[List[GraphPass]] = None,
    partitioner: Optional[list] = None,
    constant_methods: Optional[dict] = None,
    compile_config: Optional[EdgeCompileConfig] = None,
) -> EdgeProgramManager:
    """Each partitioner's ``lower`` (e.g. ``wick.backends.tosa.TosaPartitioner``), then ``to_edge``
    and ``transform``. Partitioned subgraphs become delegate calls; the rest runs on Wick's kernels."""
    if partitioner:
        for p in partitioner:
            if not hasattr(p, "lower"):
                raise NotImplementedError(f"partitioner {p!r} has no lower(program); Wick lowers with partitioners "
                                          "such as wick.backends.tosa.TosaPartitioner")
            programs = {k: p.lower(v) for k, v in programs.items()} if isinstance(programs, dict) else p.lower(programs)
        compile_config = compile_config or partitioner[-1].compile_config()
    manager = to_edge(programs, constant_methods, compile_config)
    return manager.transform(transform_passes) if transform_passes else manager


def save_pte_program(manager: ExecutorchProgramManager, path: Union[str, os.PathLike], output_dir: str = "") -> str:
    """Write ``manager.buffer`` to ``path`` (".pte" appended if missing); return the path written."""
    path = os.fspath(path)
    if not path.endswith(".pte"):
        path += ".pte"
    if output_dir:
        os.makedirs(output_dir, exist_ok=True)
        path = os.path.join(output_dir, path)
    manager.save(path)
    return path
