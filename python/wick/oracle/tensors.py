"""Serialized tensors as torch tensors: dtypes, dim_order memory layout, shape checks."""

from typing import Optional, Sequence

import torch

from wick.pte.dtypes import nbytes
from wick.pte.schema import ScalarType, Tensor, TensorShapeDynamism

TORCH_DTYPE = {
    ScalarType.BYTE: torch.uint8, ScalarType.CHAR: torch.int8, ScalarType.SHORT: torch.int16,
    ScalarType.INT: torch.int32, ScalarType.LONG: torch.int64, ScalarType.HALF: torch.float16,
    ScalarType.FLOAT: torch.float32, ScalarType.DOUBLE: torch.float64, ScalarType.BOOL: torch.bool,
    ScalarType.BFLOAT16: torch.bfloat16,
}
SCALAR_TYPE = {dtype: st for st, dtype in TORCH_DTYPE.items()}


class OracleError(RuntimeError):
    """The oracle cannot evaluate the program, or the program is inconsistent."""


def torch_dtype(scalar_type: int) -> torch.dtype:
    try:
        return TORCH_DTYPE[ScalarType(scalar_type)]
    except (KeyError, ValueError):
        raise OracleError(f"ScalarType {scalar_type} is not supported by the oracle") from None


def _order(dim_order: Sequence[int], rank: int):
    return list(dim_order) if len(dim_order) == rank else list(range(rank))


def tensor_from_bytes(data, scalar_type: int, sizes: Sequence[int], dim_order: Sequence[int] = ()) -> torch.Tensor:
    """Logical tensor from bytes laid out in `dim_order` memory order."""
    dtype = torch_dtype(scalar_type)
    sizes = [int(s) for s in sizes]
    order = _order(dim_order, len(sizes))
    raw = bytearray(bytes(data[:nbytes(scalar_type, sizes)]))
    flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
    stored = flat.reshape([sizes[d] for d in order])
    inverse = sorted(range(len(order)), key=lambda i: order[i])
    return stored.permute(inverse).contiguous()


def tensor_to_bytes(tensor: torch.Tensor, dim_order: Sequence[int] = ()) -> bytes:
    """Bytes of a logical tensor laid out in `dim_order` memory order (what a runtime holds)."""
    order = _order(dim_order, tensor.dim())
    stored = tensor.permute(order).contiguous()
    return stored.reshape(-1).view(torch.uint8).numpy().tobytes() if stored.numel() else b""


def check_shape(meta: Tensor, value: torch.Tensor, what: str) -> None:
    """A value fits its serialized metadata: same dtype; same sizes (STATIC) or within bound."""
    expected_dtype = torch_dtype(meta.scalar_type)
    if value.dtype != expected_dtype:
        raise OracleError(f"{what}: dtype {value.dtype} differs from the program's {expected_dtype}")
    sizes = list(value.shape)
    if meta.shape_dynamism == TensorShapeDynamism.STATIC:
        if sizes != list(meta.sizes):
            raise OracleError(f"{what}: shape {sizes} differs from the static shape {list(meta.sizes)}")
    elif len(sizes) != len(meta.sizes) or value.numel() > _numel(meta.sizes):
        raise OracleError(f"{what}: shape {sizes} exceeds the bound {list(meta.sizes)}")


def _numel(sizes: Sequence[int]) -> int:
    n = 1
    for s in sizes:
        n *= int(s)
    return n


def zeros_like_meta(meta: Tensor, sizes: Optional[Sequence[int]] = None) -> torch.Tensor:
    return torch.zeros([int(s) for s in (meta.sizes if sizes is None else sizes)], dtype=torch_dtype(meta.scalar_type))
