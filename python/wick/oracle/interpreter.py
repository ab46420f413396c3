"""Runs one method of a decoded `.pte` with torch, instruction by instruction.

The oracle works on values, not memory: each value index holds a logical torch tensor
(sizes order) or a Python scalar, so memory planning and dim_order only matter where
bytes enter (constants, mutable initial values, external data), and for aliases: an
exporter may emit a copy that keeps the bytes as a STATIC tensor planned at exactly the
bytes (buffer, offset, size) of another, which no instruction, input or initial data
ever writes. Reading such an alias reinterprets the bytes last written there in its own
sizes and dim_order. It shares no code with the Wick C++ runtime.
"""

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import torch

from wick.pte import PteFile, PtdFile
from wick.pte.dtypes import nbytes
from wick.pte.schema import (Bool, BoolList, DelegateCall, Double, DoubleList, FreeCall, Int,
                             IntList, JumpFalseCall, KernelCall, MoveCall, Null,
                             OptionalTensorList, String, Tensor, TensorList, TensorShapeDynamism)
from . import aten_overrides, prim, quantized
from .ops import OpCall, lookup, operator_name
from .tensors import OracleError, check_shape, tensor_from_bytes, tensor_to_bytes, torch_dtype, zeros_like_meta

# Importing these modules registers their operator handlers with ops.HANDLERS.
HANDLER_MODULES = (aten_overrides, prim, quantized)

MAX_INSTRUCTIONS = 10_000_000  # the runtime's guard against endless loops
_SCALAR_FIELD = {Int: "int_val", Bool: "bool_val", Double: "double_val", String: "string_val"}


def _call_outputs(call: KernelCall) -> List[int]:
    """Value indices a kernel call writes: its trailing out arguments repeated as returns
    ([..., out0, out1, out0, out1]), or its last argument (an out argument with no return)."""
    args = list(call.args)
    for k in range(len(args) // 2, 0, -1):
        if args[-2 * k:-k] == args[-k:]:
            return args[-k:]
    return args[-1:]


def _written_values(plan) -> set:
    """Values something writes: method inputs, kernel call outputs (list items too), move targets."""
    written = set(plan.inputs)
    for chain in plan.chains:
        for instruction in chain.instructions:
            ins = instruction.instr_args
            if isinstance(ins, MoveCall):
                written.add(ins.move_to)
            elif isinstance(ins, KernelCall):
                for index in _call_outputs(ins):
                    val = plan.values[index].val if 0 <= index < len(plan.values) else None
                    written.update(val.items if isinstance(val, TensorList) else [index])
    return written


def planned_memory(val) -> Optional[tuple]:
    """(memory id, offset, bytes) of a STATIC planned tensor, else None."""
    if not isinstance(val, Tensor) or val.allocation_info is None or val.shape_dynamism != TensorShapeDynamism.STATIC:
        return None
    info = val.allocation_info
    offset = (info.memory_offset_high << 32) | info.memory_offset_low
    return info.memory_id, offset, nbytes(val.scalar_type, val.sizes)


def planned_aliases(pte: PteFile, plan, external: Optional[PtdFile] = None) -> Dict[int, tuple]:
    """{alias value: its memory (memory id, offset, bytes)}: STATIC planned tensors without initial data
    that nothing writes, at exactly the bytes of another planned tensor."""
    members: Dict[tuple, List[int]] = {}
    for index, ev in enumerate(plan.values):
        memory = planned_memory(ev.val)
        if memory is not None:
            members.setdefault(memory, []).append(index)
    written = _written_values(plan)
    return {index: memory for memory, indices in members.items() if len(indices) > 1 for index in indices
            if index not in written and pte.tensor_data(plan.values[index].val, external) is None}


def scalar_value(val):
    """The Python value of an Int/Bool/Double/String/Null EValue payload."""
    if val is None or isinstance(val, Null):
        return None
    return getattr(val, _SCALAR_FIELD[type(val)])


class Interpreter:
    """State of one loaded method; `run` may be called repeatedly (mutable values persist)."""

    def __init__(self, pte: PteFile, method: str, external: Optional[PtdFile] = None):
        self.pte = pte
        self.plan = pte.method(method)
        self.handlers = []
        missing = []
        for op in self.plan.operators:
            name = operator_name(op)
            handler = lookup(name)
            self.handlers.append(handler)
            if handler is None:
                missing.append(name)
        self.missing_operators = missing
        self.values: List[Any] = [self._initial_value(i, ev.val, external) for i, ev in enumerate(self.plan.values)]
        self.aliases = planned_aliases(pte, self.plan, external)
        shared = set(self.aliases.values())
        self.memory_of = {}  # value written into an alias's memory -> that memory
        for i, ev in enumerate(self.plan.values):
            memory = planned_memory(ev.val)
            if memory in shared and i not in self.aliases:
                self.memory_of[i] = memory
        self.last_writer: Dict[tuple, int] = {}  # an alias's memory -> the value written there last

    # --- values ----------------------------------------------------------------------
    def _initial_value(self, index: int, val, external: Optional[PtdFile]):
        if isinstance(val, Tensor):
            raw = self.pte.tensor_data(val, external)
            if raw is None:
                return zeros_like_meta(val)
            return tensor_from_bytes(raw, val.scalar_type, val.sizes, val.dim_order)
        if val is None or isinstance(val, (Null, Int, Bool, Double, String)):
            return scalar_value(val)
        if isinstance(val, (DoubleList, BoolList)):
            return list(val.items)
        if isinstance(val, (IntList, TensorList, OptionalTensorList)):
            return None  # lists are resolved from their member indices when read
        raise OracleError(f"value {index}: unsupported EValue type {type(val).__name__}")

    def _check_index(self, index: int, what: str) -> int:
        if not 0 <= index < len(self.values):
            raise OracleError(f"{what}: value index {index} is out of range ({len(self.values)} values)")
        return index

    def read(self, index: int):
        val = self.plan.values[self._check_index(index, "read")].val
        if isinstance(val, IntList):
            return [int(self.read(i)) for i in val.items]
        if isinstance(val, TensorList):
            return [self.read(i) for i in val.items]
        if isinstance(val, OptionalTensorList):
            return [self.read(i) if i >= 0 else None for i in val.items]
        writer = self.last_writer.get(self.aliases.get(index))
        if writer is not None:
            source = self.plan.values[writer].val
            raw = tensor_to_bytes(self.values[writer], source.dim_order)
            return tensor_from_bytes(raw, val.scalar_type, val.sizes, val.dim_order)
        return self.values[index]

    def _store(self, index: int, value) -> None:
        self.values[index] = value
        if index in self.memory_of:
            self.last_writer[self.memory_of[index]] = index

    def meta(self, index: int):
        val = self.plan.values[self._check_index(index, "meta")].val
        if isinstance(val, TensorList):
            return [self.plan.values[i].val for i in val.items]
        return val if isinstance(val, Tensor) else None

    def write(self, index: int, value, what: str) -> None:
        val = self.plan.values[self._check_index(index, what)].val
        if isinstance(val, TensorList):
            if len(value) != len(val.items):
                raise OracleError(f"{what}: {len(value)} tensors for a list of {len(val.items)}")
            for i, item in zip(val.items, value):
                self.write(i, item, what)
            return
        if isinstance(val, Tensor):
            if not isinstance(value, torch.Tensor):
                raise OracleError(f"{what}: value {index} is a Tensor but the operator produced {type(value).__name__}")
            check_shape(val, value, f"{what}, value {index}")
        self._store(index, value)

    # --- inputs and outputs ------------------------------------------------------------
    def set_inputs(self, inputs: Sequence[Any]) -> None:
        if len(inputs) != len(self.plan.inputs):
            raise OracleError(f"method {self.plan.name!r} takes {len(self.plan.inputs)} inputs, got {len(inputs)}")
        for k, (index, value) in enumerate(zip(self.plan.inputs, inputs)):
            meta = self.plan.values[self._check_index(index, f"input {k}")].val
            if isinstance(meta, Tensor):
                tensor = torch.as_tensor(np.asarray(value)) if isinstance(value, np.ndarray) else torch.as_tensor(value)
                if tensor.dtype != torch_dtype(meta.scalar_type):
                    raise OracleError(f"input {k}: dtype {tensor.dtype} differs from the program's "
                                      f"{torch_dtype(meta.scalar_type)}")
                check_shape(meta, tensor, f"input {k}")
                self._store(index, tensor.clone())
            else:
                self.values[index] = value

    def outputs(self) -> List[Any]:
        result = []
        for index in self.plan.outputs:
            value = self.read(index)
            result.append(value.clone() if isinstance(value, torch.Tensor) else value)
        return result

    # --- execution ---------------------------------------------------------------------
    def run(self, inputs: Sequence[Any]) -> List[Any]:
        if self.missing_operators:
            raise OracleError(f"operators not supported by the oracle: {', '.join(self.missing_operators)}")
        self.set_inputs(inputs)
        for chain in self.plan.chains:
            self._run_chain(chain)
        return self.outputs()

    def _run_chain(self, chain) -> None:
        pc = 0
        executed = 0
        instructions = chain.instructions
        while pc < len(instructions):
            executed += 1
            if executed > MAX_INSTRUCTIONS:
                raise OracleError(f"more than {MAX_INSTRUCTIONS} instructions executed (endless loop?)")
            ins = instructions[pc].instr_args
            next_pc = pc + 1
            if isinstance(ins, KernelCall):
                self._kernel_call(pc, ins)
            elif isinstance(ins, DelegateCall):
                delegates = self.plan.delegates
                name = delegates[ins.delegate_index].id if 0 <= ins.delegate_index < len(delegates) else "?"
                raise OracleError(f"instruction {pc}: backend {name} not available in the oracle")
            elif isinstance(ins, MoveCall):
                self.write(ins.move_to, self.read(ins.move_from), f"instruction {pc} (move)")
            elif isinstance(ins, JumpFalseCall):
                cond = self.read(ins.cond_value_index)
                truth = bool(cond.all()) if isinstance(cond, torch.Tensor) else bool(cond)
                if not truth:
                    next_pc = ins.destination_instruction
                    if not 0 <= next_pc <= len(instructions):
                        raise OracleError(f"instruction {pc}: jump destination {next_pc} is out of range")
            elif isinstance(ins, FreeCall):
                # Freeing releases a DYNAMIC_UNBOUND tensor's memory; values are unaffected.
                self._check_index(ins.value_index, f"instruction {pc} (free)")
            else:
                raise OracleError(f"instruction {pc}: unknown instruction {type(ins).__name__}")
            pc = next_pc

    def _kernel_call(self, pc: int, call: KernelCall) -> None:
        if not 0 <= call.op_index < len(self.handlers):
            raise OracleError(f"instruction {pc}: operator index {call.op_index} is out of range")
        name = operator_name(self.plan.operators[call.op_index])
        args = [self.read(i) for i in call.args]
        metas = [self.meta(i) for i in call.args]
        try:
            results: Dict[int, Any] = self.handlers[call.op_index](OpCall(name, args, metas))
        except OracleError:
            raise
        except (RuntimeError, TypeError, ValueError, IndexError) as error:
            raise OracleError(f"instruction {pc} ({name}): {error}") from error
        for position, value in results.items():
            if position >= len(call.args):
                raise OracleError(f"instruction {pc} ({name}): the result goes to argument {position} "
                                  f"but the call has {len(call.args)} args")
            self.write(call.args[position], value, f"instruction {pc} ({name})")


def evaluate(pte: PteFile, method: str, inputs: Sequence[Any], external: Optional[PtdFile] = None) -> List[Any]:
    """Outputs of `method` for `inputs` (torch tensors or numpy arrays, Python scalars).

    Tensor outputs are logical torch tensors (sizes order); other outputs are Python
    values (int, float, bool, str, None).
    """
    return Interpreter(pte, method, external).run(inputs)


def unsupported_operators(pte: PteFile, method: str) -> List[str]:
    """Operator names of `method` the oracle cannot run (delegates are not listed)."""
    return [operator_name(op) for op in pte.method(method).operators if lookup(operator_name(op)) is None]


def random_inputs(pte: PteFile, method: str, seed: int) -> List[Any]:
    """Fixed inputs built from the method's input metadata.

    Floating tensors: standard normal. Integer tensors: integers in [0, 8). Bool: random.
    Shapes are the serialized sizes (the upper bound for DYNAMIC_BOUND). Non-tensor
    inputs get the value recorded in the program, the only one a runtime accepts.
    """
    generator = torch.Generator().manual_seed(seed)
    plan = pte.method(method)
    result = []
    for index in plan.inputs:
        val = plan.values[index].val
        if not isinstance(val, Tensor):
            result.append(scalar_value(val))
            continue
        dtype = torch_dtype(val.scalar_type)
        sizes = [int(s) for s in val.sizes]
        if dtype.is_floating_point:
            result.append(torch.randn(sizes, generator=generator).to(dtype))
        elif dtype == torch.bool:
            result.append(torch.randint(0, 2, sizes, generator=generator).to(torch.bool))
        else:
            result.append(torch.randint(0, 8, sizes, generator=generator).to(dtype))
    return result
