"""Runs one method of a decoded `.pte` with torch, instruction by instruction.

The oracle works on values, not memory: each value index holds a logical torch tensor
(sizes order) or a Python scalar, so memory planning and dim_order only matter where
bytes enter (constants, mutable initial values, external data). It shares no code with
the Wick C++ runtime.
"""

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import torch

from wick.pte import PteFile, PtdFile
from wick.pte.schema import (Bool, BoolList, DelegateCall, Double, DoubleList, FreeCall, Int,
                             IntList, JumpFalseCall, KernelCall, MoveCall, Null,
                             OptionalTensorList, String, Tensor, TensorList)
from . import aten_overrides, prim, quantized
from .ops import OpCall, lookup, operator_name
from .tensors import OracleError, check_shape, tensor_from_bytes, torch_dtype, zeros_like_meta

# Importing these modules registers their operator handlers with ops.HANDLERS.
HANDLER_MODULES = (aten_overrides, prim, quantized)

MAX_INSTRUCTIONS = 10_000_000  # the runtime's guard against endless loops
_SCALAR_FIELD = {Int: "int_val", Bool: "bool_val", Double: "double_val", String: "string_val"}


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
        return self.values[index]

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
        self.values[index] = value

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
                self.values[index] = tensor.clone()
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
