"""A `.pte` whose forward method is one DelegateCall to TOSABackend.

Used to run a single TOSA graph through Wick's runtime (conformance tests, `--emit-tosa`
checks): the graph's inputs and outputs become planned tensors of the method, in order.
"""

from __future__ import annotations

from typing import List, Sequence

import torch.utils._pytree as pytree

from wick.export.treespec import treespec_dumps
from wick.pte import schema as P
from wick.pte.headers import align_up
from wick.pte.serialize import pack_constants, serialize_pte

from .schema import DType, TosaGraph

BACKEND_ID = "TOSABackend"

_SCALAR_TYPE = {DType.BOOL: P.ScalarType.BOOL, DType.INT8: P.ScalarType.CHAR,
                DType.INT16: P.ScalarType.SHORT, DType.INT32: P.ScalarType.INT,
                DType.FP32: P.ScalarType.FLOAT}
_ELEMENT_SIZE = {DType.BOOL: 1, DType.INT8: 1, DType.INT16: 2, DType.INT32: 4, DType.FP32: 4}


def scalar_type_of(dtype: DType) -> P.ScalarType:
    if DType(dtype) not in _SCALAR_TYPE:
        raise ValueError(f"TOSA dtype {DType(dtype).name} cannot be a delegate input or output")
    return _SCALAR_TYPE[DType(dtype)]


def _io_signature(graph: TosaGraph):
    block = graph.regions[0].blocks[0]
    by_name = {t.name: t for t in block.tensors}
    return ([(by_name[n].shape, DType(by_name[n].type)) for n in block.inputs],
            [(by_name[n].shape, DType(by_name[n].type)) for n in block.outputs])


def single_delegate_pte(blob: bytes, graph: TosaGraph, alignment: int = 16) -> bytes:
    """The .pte bytes running `blob` (the serialized `graph`) as the whole forward method."""
    inputs, outputs = _io_signature(graph)
    values: List[P.EValue] = []
    cursor = 0
    for shape, dtype in inputs + outputs:
        size = _ELEMENT_SIZE[DType(dtype)]
        for d in shape:
            size *= int(d)
        allocation = P.AllocationDetails(memory_id=1, memory_offset_low=cursor, memory_offset_high=0)
        values.append(P.EValue(val=P.Tensor(
            scalar_type=scalar_type_of(dtype), sizes=list(shape), dim_order=list(range(len(shape))),
            allocation_info=allocation, shape_dynamism=P.TensorShapeDynamism.STATIC)))
        cursor = align_up(cursor + size, alignment)
    n_in = len(inputs)
    args = list(range(len(values)))
    in_spec = pytree.tree_flatten((tuple(range(n_in)), {}))[1]
    out_spec = pytree.tree_flatten(tuple(range(len(outputs))))[1]
    plan = P.ExecutionPlan(
        name="forward",
        container_meta_type=P.ContainerMetadata(encoded_inp_str=treespec_dumps(in_spec),
                                                encoded_out_str=treespec_dumps(out_spec)),
        values=values,
        inputs=args[:n_in],
        outputs=args[n_in:],
        chains=[P.Chain(inputs=[], outputs=[], instructions=[
            P.Instruction(instr_args=P.DelegateCall(delegate_index=0, args=args))])],
        operators=[],
        delegates=[P.BackendDelegate(id=BACKEND_ID, processed=P.BackendDelegateDataReference(
            location=P.DataLocation.INLINE, index=0), compile_specs=[])],
        non_const_buffer_sizes=[0, max(cursor, alignment)],
        non_const_buffer_device=None,
    )
    segment, offsets = pack_constants([])
    program = P.Program(version=0, execution_plan=[plan], constant_buffer=[],
                        backend_delegate_data=[P.BackendDelegateInlineData(data=blob)], segments=[],
                        constant_segment=P.SubsegmentOffsets(segment_index=0, offsets=offsets),
                        mutable_data_segments=[], named_data=[])
    return serialize_pte(program, [segment])
