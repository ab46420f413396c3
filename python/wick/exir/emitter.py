"""Emission: edge graph + memory plan -> a ``wick.pte.schema.Program``.

Layout follows pte-format.md:
* values: one EValue per tensor (user inputs first, then constants and
  operator outputs as they appear) and one per scalar/list argument;
  IntList items are indices of Int values (boxed);
* KernelCall args (§4.2): every argument of the out-variant schema in order,
  defaults materialized, then the out argument(s), then the returns repeated;
* operators de-duplicated per plan; constants in segment 0 (16-byte aligned
  tensors), ``data_buffer_idx`` = position in ``constant_segment.offsets``;
* planned tensors carry allocation_info (memory_id 1); non_const_buffer_sizes
  is ``[0, planned_bytes]``;
* a byte alias in the plan (a copy that leaves the bytes as they are) runs no
  instruction: its value is a tensor with its own sizes and dim_order at its
  root's planned offset.
"""

from __future__ import annotations

import dataclasses
import numbers
import operator
from typing import Dict, List, Optional, Tuple

import torch
import torch.utils._pytree as pytree
from torch.fx import GraphModule, Node

from wick.capture.provenance import provenance_of
from wick.export.treespec import treespec_dumps
from wick.memory_planning import MemoryPlan, value_key
from wick.passes.graph_utils import constant_value, tensor_bytes
from wick.passes.out_variants import OUT_VARIANT_KEY, OutVariant
from wick.pte import schema as S
from wick.pte.serialize import pack_constants

from .tensor_spec import TensorSpec, scalar_type_of


# node.meta[SCRATCH_KEY] = {argument name: bytes}: out-schema arguments that are work
# buffers (CMSIS-NN scratch), emitted as planned uint8 tensors the graph does not hold.
SCRATCH_KEY = "wick_scratch"


def scratch_value_key(node: Node, argument: str) -> tuple:
    """The memory plan's key of a scratch buffer (see wick.exir.program)."""
    return (node, "scratch:" + argument)


class EmitError(RuntimeError):
    """The graph holds something the .pte format cannot express."""


@dataclasses.dataclass
class EmittedProgram:
    program: S.Program
    constant_segment: bytes
    operator_names: List[str]
    instruction_count: int


def _memory_format_code(value) -> int:
    codes = {torch.contiguous_format: 0, torch.preserve_format: 1, torch.channels_last: 2, torch.channels_last_3d: 3}
    return codes[value]


def _layout_code(value) -> int:
    return {torch.strided: 0}[value]


class _PlanEmitter:
    def __init__(self, graph_module: GraphModule, plan: MemoryPlan, emit_stacktrace: bool):
        self.graph_module = graph_module
        self.plan = plan
        self.emit_stacktrace = emit_stacktrace
        self.stacktrace: List[S.FrameList] = []
        self.values: List[S.EValue] = []
        self.tensor_index: Dict[object, int] = {}  # ValueKey or constant attribute -> value index
        self.constant_blobs: List[bytes] = []
        self.operators: List[S.Operator] = []
        self.operator_index: Dict[Tuple[str, str], int] = {}
        self.instructions: List[S.Instruction] = []

    # ---- values ---------------------------------------------------------------
    def _add(self, val) -> int:
        self.values.append(S.EValue(val=val))
        return len(self.values) - 1

    def _tensor(self, spec: TensorSpec, data_buffer_idx=0, allocation=None) -> S.Tensor:
        return S.Tensor(
            scalar_type=spec.scalar_type,
            storage_offset=0,
            sizes=list(spec.shape),
            dim_order=list(spec.dim_order),
            requires_grad=False,
            data_buffer_idx=data_buffer_idx,
            allocation_info=allocation,
            layout=0,
            shape_dynamism=S.TensorShapeDynamism.STATIC,
            extra_tensor_info=None,
        )

    def _planned_tensor(self, key, spec: TensorSpec) -> int:
        if key not in self.tensor_index:
            offset = self.plan.offset_of(key)
            allocation = S.AllocationDetails(
                memory_id=self.plan.memory_id, memory_offset_low=offset & 0xFFFFFFFF, memory_offset_high=offset >> 32
            )
            self.tensor_index[key] = self._add(self._tensor(spec, allocation=allocation))
        return self.tensor_index[key]

    def _constant_tensor(self, node: Node) -> int:
        name = node.target
        if name not in self.tensor_index:
            tensor = constant_value(self.graph_module, node).contiguous()
            self.constant_blobs.append(tensor_bytes(tensor))  # data_buffer_idx = its 1-based position
            spec = TensorSpec(tuple(tensor.shape), tensor.dtype, tuple(range(tensor.dim())))
            self.tensor_index[name] = self._add(self._tensor(spec, data_buffer_idx=len(self.constant_blobs)))
        return self.tensor_index[name]

    def tensor_value(self, node: Node) -> int:
        if node.op == "get_attr":
            return self._constant_tensor(node)
        key = value_key(node)
        if key not in self.tensor_index:
            raise EmitError(f"tensor {node.name} is read before it is produced")
        return self.tensor_index[key]

    def _scalar(self, value, type_kind: str) -> int:
        if value is None:
            return self._add(S.Null())
        if isinstance(value, torch.dtype):
            return self._add(S.Int(int_val=int(scalar_type_of(value))))
        if isinstance(value, torch.memory_format):
            return self._add(S.Int(int_val=_memory_format_code(value)))
        if isinstance(value, torch.layout):
            return self._add(S.Int(int_val=_layout_code(value)))
        if isinstance(value, torch.device):
            return self._add(S.Null())
        if isinstance(value, bool):
            return self._add(S.Bool(bool_val=value))
        if isinstance(value, numbers.Integral):
            if type_kind == "FloatType":
                return self._add(S.Double(double_val=float(value)))
            return self._add(S.Int(int_val=int(value)))
        if isinstance(value, numbers.Real):
            return self._add(S.Double(double_val=float(value)))
        if isinstance(value, str):
            return self._add(S.String(string_val=value))
        raise EmitError(f"cannot emit argument value {value!r} ({type_kind})")

    def argument(self, arg, value) -> int:
        arg_type = arg.type
        if arg_type.kind() == "OptionalType":
            arg_type = arg_type.getElementType()
        if isinstance(value, Node):
            return self.tensor_value(value)
        if value is None:
            return self._add(S.Null())
        if arg_type.kind() != "ListType":
            return self._scalar(value, arg_type.kind())
        element = arg_type.getElementType()
        if element.kind() == "OptionalType" and element.getElementType().kind() == "TensorType":
            return self._add(S.OptionalTensorList(items=[-1 if v is None else self.tensor_value(v) for v in value]))
        if element.kind() == "TensorType":
            return self._add(S.TensorList(items=[self.tensor_value(v) for v in value]))
        items = list(value) if isinstance(value, (list, tuple)) else [value] * (arg.N or 1)
        if element.kind() in ("IntType", "SymIntType"):
            return self._add(S.IntList(items=[self._add(S.Int(int_val=int(v))) for v in items]))
        if element.kind() == "FloatType":
            return self._add(S.DoubleList(items=[float(v) for v in items]))
        if element.kind() == "BoolType":
            return self._add(S.BoolList(items=[bool(v) for v in items]))
        raise EmitError(f"cannot emit list argument {arg.name} of type {arg.type}")

    # ---- operators ------------------------------------------------------------
    def operator(self, variant: OutVariant) -> int:
        key = (variant.name, variant.overload)
        if key not in self.operator_index:
            self.operator_index[key] = len(self.operators)
            self.operators.append(S.Operator(name=variant.name, overload=variant.overload))
        return self.operator_index[key]

    def _functional_arguments(self, node: Node) -> Dict[str, object]:
        schema = node.target._schema
        bound = {}
        for position, arg in enumerate(schema.arguments):
            if position < len(node.args) and not arg.kwarg_only:
                bound[arg.name] = node.args[position]
            elif arg.name in node.kwargs:
                bound[arg.name] = node.kwargs[arg.name]
        return bound

    def _output_values(self, node: Node) -> List[int]:
        spec = node.meta["val"]
        if isinstance(spec, tuple):
            return [self._planned_tensor((node, i), s) for i, s in enumerate(spec)]
        return [self._planned_tensor(node, spec)]

    def call(self, node: Node) -> None:
        variant: Optional[OutVariant] = node.meta.get(OUT_VARIANT_KEY)
        if variant is None:
            raise EmitError(f"no out-variant for {node.target} at {provenance_of(node).describe()}")
        bound = self._functional_arguments(node)
        scratch = node.meta.get(SCRATCH_KEY, {})
        args = []
        for arg in variant.in_arguments:
            if arg.name in scratch:
                spec = TensorSpec((scratch[arg.name],), torch.uint8, (0,))
                args.append(self._planned_tensor(scratch_value_key(node, arg.name), spec))
                continue
            value = bound[arg.name] if arg.name in bound else arg.default_value
            args.append(self.argument(arg, value))
        outputs = self._output_values(node)
        out_arguments = variant.out_arguments
        if len(out_arguments) == 1 and out_arguments[0].type.kind() == "ListType":
            args.append(self._add(S.TensorList(items=outputs)))
        elif len(out_arguments) == len(outputs):
            args.extend(outputs)
        else:
            raise EmitError(f"{variant.qualified_name}: {len(out_arguments)} out arguments but {len(outputs)} outputs")
        if len(variant.schema.returns) == len(outputs):
            args.extend(outputs)
        elif variant.schema.returns:
            raise EmitError(f"{variant.qualified_name}: {len(variant.schema.returns)} returns but {len(outputs)} outputs")
        self.instructions.append(S.Instruction(instr_args=S.KernelCall(op_index=self.operator(variant), args=args)))
        if self.emit_stacktrace:
            where = provenance_of(node)
            frame = S.Frame(filename=where.filename or "", lineno=where.lineno or 0, name=where.module_path, context=where.code or "")
            self.stacktrace.append(S.FrameList(items=[frame]))

    # ---- whole plan -----------------------------------------------------------
    def emit(self, name: str, in_spec, out_spec) -> S.ExecutionPlan:
        graph = self.graph_module.graph
        inputs = []
        for node in graph.nodes:
            if node.op == "placeholder":
                inputs.append(self._planned_tensor(node, node.meta["val"]))
        outputs_node = None
        for node in graph.nodes:
            if node.op == "output":
                outputs_node = node
            elif node.op != "call_function" or node.target is operator.getitem:
                continue
            elif node in self.plan.aliases:
                self._planned_tensor(node, node.meta["val"])
            else:
                self.call(node)
        outputs = [self.tensor_value(n) for n in pytree.tree_flatten(outputs_node.args[0])[0]]
        return S.ExecutionPlan(
            name=name,
            container_meta_type=S.ContainerMetadata(
                encoded_inp_str=treespec_dumps(in_spec), encoded_out_str=treespec_dumps(out_spec)
            ),
            values=self.values,
            inputs=inputs,
            outputs=outputs,
            chains=[
                S.Chain(
                    inputs=[],
                    outputs=[],
                    instructions=self.instructions,
                    stacktrace=self.stacktrace if self.emit_stacktrace else None,
                )
            ],
            operators=self.operators,
            delegates=[],
            non_const_buffer_sizes=[0, self.plan.planned_bytes],
            non_const_buffer_device=None,
        )


def emit_program(
    graph_module: GraphModule,
    plan: MemoryPlan,
    in_spec,
    out_spec,
    method_name: str = "forward",
    emit_stacktrace: bool = False,
) -> EmittedProgram:
    emitter = _PlanEmitter(graph_module, plan, emit_stacktrace)
    execution_plan = emitter.emit(method_name, in_spec, out_spec)
    segment, offsets = pack_constants(emitter.constant_blobs)
    program = S.Program(
        version=0,
        execution_plan=[execution_plan],
        constant_buffer=[],
        backend_delegate_data=[],
        segments=[],
        constant_segment=S.SubsegmentOffsets(segment_index=0, offsets=offsets),
        mutable_data_segments=[],
        named_data=[],
    )
    names = [f"{op.name}.{op.overload}" if op.overload else op.name for op in emitter.operators]
    return EmittedProgram(program, segment, names, len(emitter.instructions))
