"""Element sizes and numpy dtypes of serialized ScalarTypes, and dim_order byte layout."""

from typing import Sequence

import numpy as np

from .schema import ScalarType

ELEMENT_SIZE = {
    ScalarType.BYTE: 1, ScalarType.CHAR: 1, ScalarType.SHORT: 2, ScalarType.INT: 4,
    ScalarType.LONG: 8, ScalarType.HALF: 2, ScalarType.FLOAT: 4, ScalarType.DOUBLE: 8,
    ScalarType.BOOL: 1, ScalarType.QINT8: 1, ScalarType.QUINT8: 1, ScalarType.QINT32: 4,
    ScalarType.BFLOAT16: 2, ScalarType.QUINT4X2: 1, ScalarType.QUINT2X4: 1,
    ScalarType.BITS16: 2, ScalarType.FLOAT8E5M2: 1, ScalarType.FLOAT8E4M3FN: 1,
    ScalarType.FLOAT8E5M2FNUZ: 1, ScalarType.FLOAT8E4M3FNUZ: 1, ScalarType.UINT16: 2,
    ScalarType.UINT32: 4, ScalarType.UINT64: 8,
}

# Only the types numpy can hold natively; BFLOAT16 and the float8 types have no entry.
NUMPY_DTYPE = {
    ScalarType.BYTE: np.uint8, ScalarType.CHAR: np.int8, ScalarType.SHORT: np.int16,
    ScalarType.INT: np.int32, ScalarType.LONG: np.int64, ScalarType.HALF: np.float16,
    ScalarType.FLOAT: np.float32, ScalarType.DOUBLE: np.float64, ScalarType.BOOL: np.bool_,
    ScalarType.QINT8: np.int8, ScalarType.QUINT8: np.uint8, ScalarType.QINT32: np.int32,
    ScalarType.BITS16: np.uint16, ScalarType.UINT16: np.uint16, ScalarType.UINT32: np.uint32,
    ScalarType.UINT64: np.uint64,
}


def numel(sizes: Sequence[int]) -> int:
    n = 1
    for s in sizes:
        n *= int(s)
    return n


def nbytes(scalar_type: int, sizes: Sequence[int]) -> int:
    try:
        return ELEMENT_SIZE[ScalarType(scalar_type)] * numel(sizes)
    except (KeyError, ValueError):
        raise ValueError(f"unknown ScalarType {scalar_type}") from None


def is_contiguous(dim_order: Sequence[int]) -> bool:
    return list(dim_order) == list(range(len(dim_order)))


def array_from_bytes(data, scalar_type: int, sizes: Sequence[int], dim_order: Sequence[int] = ()) -> np.ndarray:
    """Logical (sizes-shaped) array from bytes stored in `dim_order` memory order."""
    st = ScalarType(scalar_type)
    if st not in NUMPY_DTYPE:
        raise ValueError(f"ScalarType {st.name} has no numpy equivalent")
    sizes = [int(s) for s in sizes]
    order = list(dim_order) if len(dim_order) == len(sizes) else list(range(len(sizes)))
    flat = np.frombuffer(bytes(data[:nbytes(st, sizes)]), dtype=NUMPY_DTYPE[st])
    stored = flat.reshape([sizes[d] for d in order])
    return stored.transpose(np.argsort(order)).copy()  # C order, writable


def array_to_bytes(array: np.ndarray, dim_order: Sequence[int] = ()) -> bytes:
    """Bytes of a logical array laid out in `dim_order` memory order."""
    order = list(dim_order) if len(dim_order) == array.ndim else list(range(array.ndim))
    return np.ascontiguousarray(np.asarray(array).transpose(order)).tobytes()
