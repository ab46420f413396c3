"""Python mirror of runtime/schema/bundled_program.fbs, identifier "BP08" (`.bpte`).

A bundled program carries a complete `.pte` (`BundledProgram.program`, whole file bytes
including its own extended header) plus per-method test cases with inputs and expected
outputs. Names and order follow the `.fbs` one to one.
"""

from dataclasses import dataclass
from typing import List, Optional

from .fields import blob, scalar, string, union, vector
from .schema import ScalarType

FILE_IDENTIFIER = b"BP08"


@dataclass
class Tensor:
    scalar_type: ScalarType = scalar("b", 0, ScalarType)
    sizes: List[int] = vector("i")
    data: bytes = blob(16)
    dim_order: List[int] = vector("B")


@dataclass
class Int:
    int_val: int = scalar("q")


@dataclass
class Bool:
    bool_val: bool = scalar("?")


@dataclass
class Double:
    double_val: float = scalar("d")


VALUE_UNION = (Tensor, Int, Bool, Double)


@dataclass
class Value:
    val: Optional[object] = union(*VALUE_UNION)


@dataclass
class BundledMethodTestCase:
    inputs: List[Value] = vector(Value)
    expected_outputs: List[Value] = vector(Value)


@dataclass
class BundledMethodTestSuite:
    method_name: Optional[str] = string()
    test_cases: List[BundledMethodTestCase] = vector(BundledMethodTestCase)


@dataclass
class BundledProgram:
    version: int = scalar("I")
    method_test_suites: List[BundledMethodTestSuite] = vector(BundledMethodTestSuite)
    program: bytes = blob(32)
