"""Delegate calls in an edge graph, and their emission as DelegateCall instructions.

A lowered subgraph is one node ``wick_delegate::call(inputs, processed, backend_id)``:
``processed`` is the backend's blob as a uint8 constant tensor (so it travels with the
graph through copies and passes), and the node returns the subgraph's outputs as a list.
The op runs in torch through the backend's Python reference (registered per backend id
with `register_reference`), so edge graphs with delegates still execute, and it carries
an out-variant schema so the edge passes and the emitter treat it like any operator.

`lower_delegate_calls` then rewrites the emitted program: each KernelCall of the op
becomes ``DelegateCall(delegate_index, inputs + outputs)`` with a BackendDelegate whose
blob is INLINE backend_delegate_data; the blob's copy in the constant segment is emptied.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, List, Sequence

import torch
from torch.library import Library

from wick.exir.edge_ops import OUT_SCHEMAS
from wick.pte import schema as P
from wick.pte.serialize import pack_constants

_lib = Library("wick_delegate", "DEF")
_lib.define("call(Tensor[] inputs, Tensor processed, str backend_id) -> Tensor[]")

# backend id -> fn(blob bytes, [torch tensors]) -> [torch tensors]
_REFERENCES: Dict[str, Callable[[bytes, List[torch.Tensor]], List[torch.Tensor]]] = {}


def register_reference(backend_id: str, fn: Callable[[bytes, List[torch.Tensor]], List[torch.Tensor]]) -> None:
    _REFERENCES[backend_id] = fn


def _call(inputs, processed, backend_id):
    if backend_id not in _REFERENCES:
        raise RuntimeError(f"no Python reference registered for backend {backend_id!r}")
    return _REFERENCES[backend_id](processed.numpy().tobytes(), list(inputs))


_lib.impl("call", _call, "CompositeExplicitAutograd")
delegate_call = torch.ops.wick_delegate.call.default
OUT_SCHEMAS[delegate_call] = "wick_delegate::call.out(Tensor[] inputs, Tensor processed, str backend_id, *, Tensor(a!)[] out) -> ()"
OPERATOR_NAME = "wick_delegate::call"
SUPPORTED = frozenset({"wick_delegate::call.out"})


def lower_delegate_calls(program: P.Program, constant_segment: bytes):
    """(program, constant_segment) with every wick_delegate::call KernelCall turned into a DelegateCall."""
    plan = program.execution_plan[0]
    ops = [f"{o.name}.{o.overload}" if o.overload else o.name for o in plan.operators]
    if "wick_delegate::call.out" not in ops:
        return program, constant_segment
    call_index = ops.index("wick_delegate::call.out")
    offsets = list(program.constant_segment.offsets)
    blobs = [constant_segment[offsets[i]:(offsets[i + 1] if i + 1 < len(offsets) else len(constant_segment))]
             for i in range(1, len(offsets))]
    delegates: List[P.BackendDelegate] = []
    inline: List[P.BackendDelegateInlineData] = []
    instructions = []
    for instruction in plan.chains[0].instructions:
        call = instruction.instr_args
        if not isinstance(call, P.KernelCall):
            instructions.append(instruction)
            continue
        if call.op_index != call_index:
            new_index = call.op_index - (1 if call.op_index > call_index else 0)
            instructions.append(P.Instruction(instr_args=P.KernelCall(op_index=new_index, args=call.args)))
            continue
        inputs, processed, backend_id, outputs = call.args[:4]
        blob_value = plan.values[processed].val
        blob_index = blob_value.data_buffer_idx
        size = 1
        for d in blob_value.sizes:
            size *= d
        blob = bytes(blobs[blob_index - 1][:size])
        blobs[blob_index - 1] = b""
        blob_value.sizes = [0]
        delegates.append(P.BackendDelegate(
            id=plan.values[backend_id].val.string_val,
            processed=P.BackendDelegateDataReference(location=P.DataLocation.INLINE, index=len(inline)),
            compile_specs=[]))
        inline.append(P.BackendDelegateInlineData(data=blob))
        args = list(plan.values[inputs].val.items) + list(plan.values[outputs].val.items)
        instructions.append(P.Instruction(instr_args=P.DelegateCall(delegate_index=len(delegates) - 1, args=args)))
    segment, new_offsets = pack_constants(blobs)
    chain = dataclasses.replace(plan.chains[0], instructions=instructions)
    operators = [o for i, o in enumerate(plan.operators) if i != call_index]
    plan = dataclasses.replace(plan, chains=[chain] + list(plan.chains[1:]), operators=operators, delegates=delegates)
    program = dataclasses.replace(
        program, execution_plan=[plan] + list(program.execution_plan[1:]),
        backend_delegate_data=list(program.backend_delegate_data) + inline,
        constant_segment=dataclasses.replace(program.constant_segment, offsets=new_offsets))
    return program, segment
