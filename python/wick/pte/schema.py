"""Python mirror of runtime/schema/program.fbs (and scalar_type.fbs), identifier "ET12".

Tables, fields and enum members have the names and the order of the `.fbs`, one to one;
keep them in step when the schema gains a field (fields are only ever appended).
A union field holds the member table object itself, e.g. `EValue(val=Int(int_val=3))`
or `Instruction(instr_args=KernelCall(op_index=0, args=[...]))`; None is NONE.
"""

import enum
from dataclasses import dataclass
from typing import List, Optional

from .fields import blob, scalar, string, table, union, vector

FILE_IDENTIFIER = b"ET12"


class ScalarType(enum.IntEnum):
    BYTE = 0
    CHAR = 1
    SHORT = 2
    INT = 3
    LONG = 4
    HALF = 5
    FLOAT = 6
    DOUBLE = 7
    BOOL = 11
    QINT8 = 12
    QUINT8 = 13
    QINT32 = 14
    BFLOAT16 = 15
    QUINT4X2 = 16
    QUINT2X4 = 17
    BITS16 = 22
    FLOAT8E5M2 = 23
    FLOAT8E4M3FN = 24
    FLOAT8E5M2FNUZ = 25
    FLOAT8E4M3FNUZ = 26
    UINT16 = 27
    UINT32 = 28
    UINT64 = 29


class TensorShapeDynamism(enum.IntEnum):
    STATIC = 0
    DYNAMIC_BOUND = 1
    DYNAMIC_UNBOUND = 2


class TensorDataLocation(enum.IntEnum):
    SEGMENT = 0
    EXTERNAL = 1


class DeviceType(enum.IntEnum):
    CPU = 0
    CUDA = 1


class DataLocation(enum.IntEnum):
    INLINE = 0
    SEGMENT = 1


@dataclass
class ContainerMetadata:
    encoded_inp_str: Optional[str] = string()
    encoded_out_str: Optional[str] = string()


@dataclass
class Null:
    pass


@dataclass
class AllocationDetails:
    memory_id: int = scalar("I")
    memory_offset_low: int = scalar("I")
    memory_offset_high: int = scalar("I")


@dataclass
class ExtraTensorInfo:
    mutable_data_segments_idx: int = scalar("Q")
    fully_qualified_name: Optional[str] = string()
    location: TensorDataLocation = scalar("b", 0, TensorDataLocation)
    device_type: DeviceType = scalar("b", 0, DeviceType)
    device_index: int = scalar("b")


@dataclass
class Tensor:
    scalar_type: ScalarType = scalar("b", 0, ScalarType)
    storage_offset: int = scalar("i")
    sizes: List[int] = vector("i")
    dim_order: List[int] = vector("B")
    requires_grad: bool = scalar("?")
    data_buffer_idx: int = scalar("I")
    allocation_info: Optional[AllocationDetails] = table(AllocationDetails)
    layout: int = scalar("b")
    shape_dynamism: TensorShapeDynamism = scalar("b", 0, TensorShapeDynamism)
    extra_tensor_info: Optional[ExtraTensorInfo] = table(ExtraTensorInfo)


@dataclass
class Int:
    int_val: int = scalar("q")


@dataclass
class Bool:
    bool_val: bool = scalar("?")


@dataclass
class Double:
    double_val: float = scalar("d")


@dataclass
class String:
    string_val: Optional[str] = string()


@dataclass
class IntList:
    items: List[int] = vector("q")


@dataclass
class DoubleList:
    items: List[float] = vector("d")


@dataclass
class BoolList:
    items: List[bool] = vector("?")


@dataclass
class TensorList:
    items: List[int] = vector("i")


@dataclass
class OptionalTensorList:
    items: List[int] = vector("i")


KERNEL_TYPES = (Null, Int, Bool, Double, Tensor, String, IntList, DoubleList, BoolList,
                TensorList, OptionalTensorList)


@dataclass
class EValue:
    val: Optional[object] = union(*KERNEL_TYPES)


@dataclass
class Operator:
    name: Optional[str] = string()
    overload: Optional[str] = string()


@dataclass
class KernelCall:
    op_index: int = scalar("i")
    args: List[int] = vector("i")


@dataclass
class DelegateCall:
    delegate_index: int = scalar("i")
    args: List[int] = vector("i")


@dataclass
class MoveCall:
    move_from: int = scalar("i")
    move_to: int = scalar("i")


@dataclass
class JumpFalseCall:
    cond_value_index: int = scalar("i")
    destination_instruction: int = scalar("i")


@dataclass
class FreeCall:
    value_index: int = scalar("i")


INSTRUCTION_ARGUMENTS = (KernelCall, DelegateCall, MoveCall, JumpFalseCall, FreeCall)


@dataclass
class Instruction:
    instr_args: Optional[object] = union(*INSTRUCTION_ARGUMENTS)


@dataclass
class Frame:
    filename: Optional[str] = string()
    lineno: int = scalar("i")
    name: Optional[str] = string()
    context: Optional[str] = string()


@dataclass
class FrameList:
    items: List[Frame] = vector(Frame)


@dataclass
class BackendDelegateDataReference:
    location: DataLocation = scalar("b", 0, DataLocation)
    index: int = scalar("I")


@dataclass
class CompileSpec:
    key: Optional[str] = string()
    value: bytes = blob()


@dataclass
class BackendDelegate:
    id: Optional[str] = string()
    processed: Optional[BackendDelegateDataReference] = table(BackendDelegateDataReference)
    compile_specs: List[CompileSpec] = vector(CompileSpec)


@dataclass
class Chain:
    inputs: List[int] = vector("i")
    outputs: List[int] = vector("i")
    instructions: List[Instruction] = vector(Instruction)
    stacktrace: List[FrameList] = vector(FrameList)


@dataclass
class NonConstBufferDevice:
    buffer_idx: int = scalar("i")
    device_type: DeviceType = scalar("b", 0, DeviceType)
    device_index: int = scalar("b")


@dataclass
class ExecutionPlan:
    name: Optional[str] = string()
    container_meta_type: Optional[ContainerMetadata] = table(ContainerMetadata)
    values: List[EValue] = vector(EValue)
    inputs: List[int] = vector("i")
    outputs: List[int] = vector("i")
    chains: List[Chain] = vector(Chain)
    operators: List[Operator] = vector(Operator)
    delegates: List[BackendDelegate] = vector(BackendDelegate)
    non_const_buffer_sizes: List[int] = vector("q")
    non_const_buffer_device: List[NonConstBufferDevice] = vector(NonConstBufferDevice)


@dataclass
class Buffer:
    storage: bytes = blob(16)


@dataclass
class BackendDelegateInlineData:
    data: bytes = blob(16)


@dataclass
class DataSegment:
    offset: int = scalar("Q")
    size: int = scalar("Q")


@dataclass
class SubsegmentOffsets:
    segment_index: int = scalar("I")
    offsets: List[int] = vector("Q")


@dataclass
class NamedData:
    key: Optional[str] = string()
    segment_index: int = scalar("I")


@dataclass
class Program:
    version: int = scalar("I")
    execution_plan: List[ExecutionPlan] = vector(ExecutionPlan)
    constant_buffer: List[Buffer] = vector(Buffer)
    backend_delegate_data: List[BackendDelegateInlineData] = vector(BackendDelegateInlineData)
    segments: List[DataSegment] = vector(DataSegment)
    constant_segment: Optional[SubsegmentOffsets] = table(SubsegmentOffsets)
    mutable_data_segments: List[SubsegmentOffsets] = vector(SubsegmentOffsets)
    named_data: List[NamedData] = vector(NamedData)
