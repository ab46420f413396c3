"""Building TOSA 1.0 graphs and writing them as `.tosa` flatbuffers.

    g = TosaGraphBuilder()
    x = g.add_input("x", [1, 8, 8, 3], DType.INT8)
    w = g.add_const(weights_ohwi, DType.INT8)
    y = g.add_op(Op.CONV2D, [x, w, bias, izp, wzp], [1, 8, 8, 4], DType.INT32,
                 Conv2dAttribute(pad=[1, 1, 1, 1], stride=[1, 1], dilation=[1, 1],
                                 acc_type=DType.INT32))
    g.add_output(y)
    blob = g.serialize()

Constants are CONST operators whose output tensor carries the payload, shape values are
CONST_SHAPE operators over int64 SHAPE tensors, and operator inputs follow the
specification's argument order (tosa.md section 9.5).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

import numpy as np

from wick.pte.reader import Reader, read_table
from wick.pte.writer import write_root

from . import schema as S
from .schema import DType, Op

# numpy storage of each TOSA dtype (INT48 values are held as int64 in numpy).
NUMPY_DTYPE = {
    DType.BOOL: np.bool_, DType.INT8: np.int8, DType.INT16: np.int16, DType.INT32: np.int32,
    DType.INT48: np.int64, DType.FP32: np.float32, DType.SHAPE: np.int64,
}
TOSA_DTYPE = {np.dtype(np.bool_): DType.BOOL, np.dtype(np.int8): DType.INT8,
              np.dtype(np.int16): DType.INT16, np.dtype(np.int32): DType.INT32,
              np.dtype(np.float32): DType.FP32}


def encode_payload(values: np.ndarray, dtype: DType) -> bytes:
    """Little-endian payload bytes of `values` as TOSA stores `dtype`."""
    array = np.ascontiguousarray(values)
    if dtype == DType.INT48:
        wide = array.astype("<i8").view(np.uint8).reshape(-1, 8)
        return wide[:, :6].tobytes()
    if dtype == DType.BOOL:
        return array.astype(np.uint8).tobytes()
    return array.astype(np.dtype(NUMPY_DTYPE[dtype]).newbyteorder("<")).tobytes()


def decode_payload(data: bytes, dtype: DType, shape: Sequence[int]) -> np.ndarray:
    if dtype == DType.INT48:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 6)
        wide = np.zeros((raw.shape[0], 8), np.uint8)
        wide[:, :6] = raw
        wide[:, 6:] = np.where(raw[:, 5:6] & 0x80, 0xFF, 0)
        return wide.view("<i8").reshape(shape)
    if dtype == DType.BOOL:
        return np.frombuffer(data, np.uint8).astype(np.bool_).reshape(shape)
    return np.frombuffer(data, np.dtype(NUMPY_DTYPE[dtype]).newbyteorder("<")).reshape(shape).astype(NUMPY_DTYPE[dtype])


class TosaGraphBuilder:
    """One block ("main") in one region ("main"), TOSA version 1.0.0 (not draft)."""

    def __init__(self):
        self.tensors: List[S.TosaTensor] = []
        self.operators: List[S.TosaOperator] = []
        self.inputs: List[str] = []
        self.outputs: List[str] = []
        self._names: Dict[str, S.TosaTensor] = {}
        self._counter = 0

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}_{self._counter}"

    def _tensor(self, name: Optional[str], shape: Sequence[int], dtype: DType, data: bytes = b"") -> str:
        name = name or self._name("t")
        if name in self._names:
            raise ValueError(f"TOSA tensor {name!r} declared twice")
        tensor = S.TosaTensor(name=name, shape=[int(d) for d in shape], type=DType(dtype), data=data or None)
        self.tensors.append(tensor)
        self._names[name] = tensor
        return name

    def shape_of(self, name: str) -> List[int]:
        return list(self._names[name].shape)

    def dtype_of(self, name: str) -> DType:
        return DType(self._names[name].type)

    def add_input(self, name: str, shape: Sequence[int], dtype: DType) -> str:
        name = self._tensor(name, shape, dtype)
        self.inputs.append(name)
        return name

    def add_const(self, values, dtype: Optional[DType] = None, name: Optional[str] = None) -> str:
        array = np.asarray(values)
        dtype = DType(dtype) if dtype is not None else TOSA_DTYPE[array.dtype]
        array = array.astype(NUMPY_DTYPE[dtype]) if dtype != DType.INT48 else array.astype(np.int64)
        name = self._tensor(name or self._name("const"), array.shape, dtype, encode_payload(array, dtype))
        self.operators.append(S.TosaOperator(op=Op.CONST, attribute=S.ATTRIBUTE_OF[Op.CONST](),
                                             inputs=[], outputs=[name]))
        return name

    def add_const_shape(self, values: Sequence[int], name: Optional[str] = None) -> str:
        array = np.asarray(list(values), np.int64)
        name = self._tensor(name or self._name("shape"), [len(array)], DType.SHAPE,
                            encode_payload(array, DType.SHAPE))
        self.operators.append(S.TosaOperator(op=Op.CONST_SHAPE, attribute=S.ATTRIBUTE_OF[Op.CONST_SHAPE](),
                                             inputs=[], outputs=[name]))
        return name

    def add_op(self, op: Op, inputs: Sequence[str], shape: Sequence[int], dtype: DType,
               attribute=None, name: Optional[str] = None) -> str:
        """Adds `op` with one output of `shape`/`dtype`; returns the output's name."""
        out = self._tensor(name, shape, dtype)
        op = Op(op)
        self.operators.append(S.TosaOperator(op=op, attribute=attribute if attribute is not None else S.ATTRIBUTE_OF[op](),
                                             inputs=list(inputs), outputs=[out]))
        return out

    def add_output(self, name: str) -> None:
        self.outputs.append(name)

    def graph(self) -> S.TosaGraph:
        block = S.TosaBasicBlock(name="main", operators=self.operators, tensors=self.tensors,
                                 inputs=self.inputs, outputs=self.outputs, shapes=[])
        return S.TosaGraph(version=S.Version(_major=1, _minor=0, _patch=0, _draft=False),
                           regions=[S.TosaRegion(name="main", blocks=[block])])

    def serialize(self) -> bytes:
        return serialize_graph(self.graph())


def serialize_graph(graph: S.TosaGraph) -> bytes:
    return write_root(graph, S.FILE_IDENTIFIER)


def deserialize_graph(data: bytes) -> S.TosaGraph:
    if len(data) < 8 or bytes(data[4:8]) != S.FILE_IDENTIFIER:
        raise ValueError("not a TOSA flatbuffer (file identifier 'TOSA' missing)")
    reader = Reader(data)
    return read_table(reader, reader.deref(0), S.TosaGraph)
