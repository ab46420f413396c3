"""Python mirror of backends/tosa/schema/tosa.fbs (TOSA 1.0 final), identifier "TOSA".

Same conventions as wick.pte.schema: one dataclass per table, fields in slot order,
read and written by wick.pte's generic flatbuffer reader/writer. The Attribute union's
member i+1 is the attribute of Op value i+1, so every op has a class here even when
its table is empty.
"""

import dataclasses
import enum
from dataclasses import dataclass
from typing import List, Optional

from wick.pte.fields import blob, scalar, string, table, union, vector

FILE_IDENTIFIER = b"TOSA"


class DType(enum.IntEnum):
    UNKNOWN = 0
    BOOL = 1
    INT4 = 2
    INT8 = 3
    INT16 = 4
    INT32 = 5
    INT48 = 6
    FP32 = 7
    FP16 = 8
    BF16 = 9
    SHAPE = 10
    FP8E4M3 = 11
    FP8E5M2 = 12


class ResizeMode(enum.IntEnum):
    UNKNOWN = 0
    NEAREST = 1
    BILINEAR = 2


class NanPropagationMode(enum.IntEnum):
    UNKNOWN = 0
    PROPAGATE = 1
    IGNORE = 2


class RoundingMode(enum.IntEnum):
    UNKNOWN = 0
    SINGLE_ROUND = 1
    INEXACT_ROUND = 2
    DOUBLE_ROUND = 3


_OP_NAMES = """UNKNOWN ARGMAX AVG_POOL2D CONV2D CONV3D DEPTHWISE_CONV2D FFT2D MATMUL MAX_POOL2D RFFT2D
TRANSPOSE_CONV2D CLAMP ERF SIGMOID TANH ADD ARITHMETIC_RIGHT_SHIFT BITWISE_AND BITWISE_OR
BITWISE_XOR INTDIV LOGICAL_AND LOGICAL_LEFT_SHIFT LOGICAL_RIGHT_SHIFT LOGICAL_OR LOGICAL_XOR
MAXIMUM MINIMUM MUL POW SUB TABLE ABS BITWISE_NOT CEIL CLZ COS EXP FLOOR LOG LOGICAL_NOT NEGATE
RECIPROCAL RSQRT SIN SELECT EQUAL GREATER GREATER_EQUAL REDUCE_ALL REDUCE_ANY REDUCE_MAX
REDUCE_MIN REDUCE_PRODUCT REDUCE_SUM CONCAT PAD RESHAPE REVERSE SLICE TILE TRANSPOSE GATHER
SCATTER RESIZE CAST RESCALE CONST IDENTITY CUSTOM COND_IF WHILE_LOOP VARIABLE VARIABLE_WRITE
VARIABLE_READ CONST_SHAPE""".split()

Op = enum.IntEnum("Op", [(name, value) for value, name in enumerate(_OP_NAMES)])

_U32 = "I"


def _dtype(default=0):
    return scalar(_U32, default, DType)


def _nan_mode():
    return scalar(_U32, 0, NanPropagationMode)


@dataclass
class ArgMaxAttribute:
    axis: int = scalar("i")
    nan_mode: NanPropagationMode = _nan_mode()


@dataclass
class AvgPool2dAttribute:
    kernel: List[int] = vector("i")
    stride: List[int] = vector("i")
    pad: List[int] = vector("i")
    acc_type: DType = _dtype()


@dataclass
class Conv2dAttribute:
    pad: List[int] = vector("i")
    stride: List[int] = vector("i")
    dilation: List[int] = vector("i")
    local_bound: bool = scalar("?")
    acc_type: DType = _dtype()


@dataclass
class Conv3dAttribute(Conv2dAttribute):
    pass


@dataclass
class DepthwiseConv2dAttribute(Conv2dAttribute):
    pass


@dataclass
class FFT2dAttribute:
    inverse: bool = scalar("?")
    local_bound: bool = scalar("?")


@dataclass
class MaxPool2dAttribute:
    kernel: List[int] = vector("i")
    stride: List[int] = vector("i")
    pad: List[int] = vector("i")
    nan_mode: NanPropagationMode = _nan_mode()


@dataclass
class RFFT2dAttribute:
    local_bound: bool = scalar("?")


@dataclass
class TransposeConv2dAttribute:
    out_pad: List[int] = vector("i")
    stride: List[int] = vector("i")
    local_bound: bool = scalar("?")
    acc_type: DType = _dtype()


@dataclass
class ClampAttribute:
    min_val: bytes = blob()
    max_val: bytes = blob()
    nan_mode: NanPropagationMode = _nan_mode()


@dataclass
class ArithmeticRightShiftAttribute:
    round: bool = scalar("?")


@dataclass
class MaximumAttribute:
    nan_mode: NanPropagationMode = _nan_mode()


@dataclass
class MinimumAttribute(MaximumAttribute):
    pass


@dataclass
class AxisAttribute:
    axis: int = scalar("i")


@dataclass
class AxisNanAttribute:
    axis: int = scalar("i")
    nan_mode: NanPropagationMode = _nan_mode()


@dataclass
class TransposeAttribute:
    perms: List[int] = vector("i")


@dataclass
class ResizeAttribute:
    mode: ResizeMode = scalar(_U32, 0, ResizeMode)


@dataclass
class RescaleAttribute:
    scale32: bool = scalar("?")
    rounding_mode: RoundingMode = scalar(_U32, 0, RoundingMode)
    per_channel: bool = scalar("?")
    input_unsigned: bool = scalar("?")
    output_unsigned: bool = scalar("?")


@dataclass
class CustomAttribute:
    operator_name: Optional[str] = string()
    domain_name: Optional[str] = string()
    implementation_attrs: bytes = blob()


@dataclass
class CondIfAttribute:
    then_graph: Optional[str] = string()
    else_graph: Optional[str] = string()


@dataclass
class WhileLoopAttribute:
    cond_graph: Optional[str] = string()
    body_graph: Optional[str] = string()


def _subclass(name: str, base: type) -> type:
    return dataclasses.dataclass(type(name, (base,), {}))


def _empty(name: str) -> type:
    return dataclasses.make_dataclass(name, [])


_NAMED = {
    "ARGMAX": ArgMaxAttribute, "AVG_POOL2D": AvgPool2dAttribute, "CONV2D": Conv2dAttribute,
    "CONV3D": Conv3dAttribute, "DEPTHWISE_CONV2D": DepthwiseConv2dAttribute,
    "FFT2D": FFT2dAttribute, "MAX_POOL2D": MaxPool2dAttribute, "RFFT2D": RFFT2dAttribute,
    "TRANSPOSE_CONV2D": TransposeConv2dAttribute, "CLAMP": ClampAttribute,
    "ARITHMETIC_RIGHT_SHIFT": ArithmeticRightShiftAttribute, "MAXIMUM": MaximumAttribute,
    "MINIMUM": MinimumAttribute, "TRANSPOSE": TransposeAttribute, "RESIZE": ResizeAttribute,
    "RESCALE": RescaleAttribute, "CUSTOM": CustomAttribute, "COND_IF": CondIfAttribute,
    "WHILE_LOOP": WhileLoopAttribute,
}
_AXIS_OPS = ("REDUCE_ALL", "REDUCE_ANY", "REDUCE_PRODUCT", "REDUCE_SUM", "CONCAT", "REVERSE")
_AXIS_NAN_OPS = ("REDUCE_MAX", "REDUCE_MIN")


def _class_name(op_name: str) -> str:
    special = {"FFT2D": "FFT2d", "RFFT2D": "RFFT2d", "ARGMAX": "ArgMax", "MATMUL": "MatMul",
               "INTDIV": "IntDiv"}
    if op_name in special:
        return special[op_name] + "Attribute"
    return "".join(part.capitalize() for part in op_name.split("_")) + "Attribute"


def _attribute_classes() -> List[type]:
    classes = []
    for op_name in _OP_NAMES[1:]:
        if op_name in _NAMED:
            classes.append(_NAMED[op_name])
        elif op_name in _AXIS_OPS:
            classes.append(_subclass(_class_name(op_name), AxisAttribute))
        elif op_name in _AXIS_NAN_OPS:
            classes.append(_subclass(_class_name(op_name), AxisNanAttribute))
        else:
            classes.append(_empty(_class_name(op_name)))
    return classes


ATTRIBUTES = tuple(_attribute_classes())
# Op -> its attribute class (the union member whose tag equals the Op value).
ATTRIBUTE_OF = {Op(i + 1): cls for i, cls in enumerate(ATTRIBUTES)}


@dataclass
class Version:
    _major: int = scalar("i", -1)
    _minor: int = scalar("i", -1)
    _patch: int = scalar("i", -1)
    _draft: bool = scalar("?", True)


@dataclass
class TosaTensor:
    name: Optional[str] = string()
    shape: List[int] = vector("i")
    type: DType = _dtype()
    data: bytes = blob(8)
    variable: bool = scalar("?")
    is_unranked: bool = scalar("?")
    variable_name: Optional[str] = string()
    offset: int = scalar("Q")
    size: int = scalar("Q")


@dataclass
class TosaShape:
    name: Optional[str] = string()
    rank: int = scalar(_U32)
    data: bytes = blob(8)


@dataclass
class OpLocation:
    text: Optional[str] = string()


@dataclass
class TosaOperator:
    op: Op = scalar(_U32, 0, Op)
    attribute: Optional[object] = union(*ATTRIBUTES)
    inputs: List[str] = vector(str)
    outputs: List[str] = vector(str)
    location: Optional[OpLocation] = table(OpLocation)


@dataclass
class TosaBasicBlock:
    name: Optional[str] = string()
    operators: List[TosaOperator] = vector(TosaOperator)
    tensors: List[TosaTensor] = vector(TosaTensor)
    inputs: List[str] = vector(str)
    outputs: List[str] = vector(str)
    shapes: List[TosaShape] = vector(TosaShape)


@dataclass
class TosaRegion:
    name: Optional[str] = string()
    blocks: List[TosaBasicBlock] = vector(TosaBasicBlock)


@dataclass
class TosaGraph:
    version: Optional[Version] = table(Version)
    regions: List[TosaRegion] = vector(TosaRegion)
