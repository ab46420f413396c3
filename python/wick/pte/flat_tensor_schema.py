"""Python mirror of the FlatTensor `.ptd` format, identifier "FT01", in its two layouts.

* Layout B (current; runtime/schema/flat_tensor.fbs): `FlatTensor`, `NamedData`,
  `TensorLayout`, `DataSegment`.
* Layout A (files written 2025-01 to 2025-06, same identifier, incompatible slots; see
  pte-format.md §1.4): `LegacyFlatTensor`, `LegacyTensorMetadata`, `LegacyNamedData`.
A reader tells them apart by the root vtable size: layout A has 4-5 slots, layout B 3.
"""

from dataclasses import dataclass
from typing import List, Optional

from .fields import scalar, string, table, vector
from .schema import ScalarType

FILE_IDENTIFIER = b"FT01"


@dataclass
class TensorLayout:
    scalar_type: ScalarType = scalar("b", 0, ScalarType)
    sizes: List[int] = vector("i")
    dim_order: List[int] = vector("B")


@dataclass
class DataSegment:
    offset: int = scalar("Q")
    size: int = scalar("Q")


@dataclass
class NamedData:
    key: Optional[str] = string()
    segment_index: int = scalar("I")
    tensor_layout: Optional[TensorLayout] = table(TensorLayout)


@dataclass
class FlatTensor:
    version: int = scalar("I")
    segments: List[DataSegment] = vector(DataSegment)
    named_data: List[NamedData] = vector(NamedData)


@dataclass
class LegacyTensorMetadata:
    fully_qualified_name: Optional[str] = string()
    scalar_type: ScalarType = scalar("b", 0, ScalarType)
    sizes: List[int] = vector("i")
    dim_order: List[int] = vector("B")
    segment_index: int = scalar("I")
    offset: int = scalar("Q")


@dataclass
class LegacyNamedData:
    key: Optional[str] = string()
    segment_index: int = scalar("I")


@dataclass
class LegacyFlatTensor:
    version: int = scalar("I")
    tensor_alignment: int = scalar("I")
    tensors: List[LegacyTensorMetadata] = vector(LegacyTensorMetadata)
    segments: List[DataSegment] = vector(DataSegment)
    named_data: List[LegacyNamedData] = vector(LegacyNamedData)
