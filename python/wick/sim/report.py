"""Parse the runner firmware's report (tools/firmware/runner.cpp).

The firmware prints records as ``WICK <record> key=value ...`` lines amid its
other console output (log lines, QEMU messages), which are ignored here:

    WICK program source=file bytes=54192 method=forward instructions=16
    WICK input index=0 dtype=float32 shape=1,1,49,10 source=x.npy
    WICK op index=0 name=cortex_m::quantize_per_tensor.out calls=1 instructions=10872
    WICK total instructions=39223310
    WICK memory planned=16000 method_arena=14544 temp_arena=96 program=54192
    WICK stack high_water=2616 size=65536
    WICK output index=0 dtype=float32 shape=1,12 path=out/output_0.npy
    WICK done status=Ok
"""

from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Tuple

PREFIX = "WICK "


class ReportError(ValueError):
    """The firmware's output is not a complete, well-formed report."""


@dataclasses.dataclass
class OperatorCount:
    index: int  # the method instruction's index
    name: str  # operator name, or "delegate:<backend id>"
    calls: int
    instructions: int


@dataclasses.dataclass
class ArrayInfo:
    index: int
    dtype: str
    shape: Tuple[int, ...]
    location: str  # input: its file, "zeros" or "value"; output: its path or "-"


@dataclasses.dataclass
class Report:
    status: str  # the runtime's Error name; "Ok" when the method ran
    method: Optional[str] = None
    program_source: Optional[str] = None  # "file" or "linked"
    program_bytes: Optional[int] = None
    num_instructions: Optional[int] = None
    inputs: List[ArrayInfo] = dataclasses.field(default_factory=list)
    outputs: List[ArrayInfo] = dataclasses.field(default_factory=list)
    operators: List[OperatorCount] = dataclasses.field(default_factory=list)
    total_instructions: Optional[int] = None
    memory: Dict[str, int] = dataclasses.field(default_factory=dict)
    stack: Dict[str, int] = dataclasses.field(default_factory=dict)
    notes: List[Dict[str, str]] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "Ok"

    def by_operator(self) -> List[Tuple[str, int, int]]:
        """(operator name, calls, instructions) summed per name, largest first."""
        sums: Dict[str, List[int]] = {}
        for op in self.operators:
            row = sums.setdefault(op.name, [0, 0])
            row[0] += op.calls
            row[1] += op.instructions
        return sorted(((name, c, n) for name, (c, n) in sums.items()), key=lambda r: -r[2])

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


def _fields(tokens: List[str], line: str) -> Dict[str, str]:
    fields = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep or not key:
            raise ReportError(f"malformed field {token!r} in: {line}")
        fields[key] = value
    return fields


def _int(fields: Dict[str, str], key: str, line: str) -> int:
    try:
        return int(fields[key])
    except (KeyError, ValueError):
        raise ReportError(f"missing or non-integer {key!r} in: {line}") from None


def _shape(text: str) -> Tuple[int, ...]:
    return tuple(int(d) for d in text.split(",")) if text else ()


def _array(fields: Dict[str, str], where: str, line: str) -> ArrayInfo:
    try:
        shape = _shape(fields.get("shape", ""))
    except ValueError:
        raise ReportError(f"malformed shape in: {line}") from None
    return ArrayInfo(_int(fields, "index", line), fields.get("dtype", ""), shape,
                     fields.get(where, ""))


def parse(output: str) -> Report:
    """Parses the report in `output`; raises ReportError without a `done` record."""
    report: Optional[Report] = None
    pending = Report(status="")
    for raw in output.splitlines():
        line = raw.strip()
        if not line.startswith(PREFIX):
            continue
        parts = line[len(PREFIX):].split()
        if not parts:
            continue
        record, fields = parts[0], _fields(parts[1:], line)
        if record == "program":
            pending.method = fields.get("method")
            pending.program_source = fields.get("source")
            pending.program_bytes = _int(fields, "bytes", line)
            pending.num_instructions = _int(fields, "instructions", line)
        elif record == "input":
            pending.inputs.append(_array(fields, "source", line))
        elif record == "output":
            pending.outputs.append(_array(fields, "path", line))
        elif record == "op":
            pending.operators.append(OperatorCount(
                _int(fields, "index", line), fields.get("name", "?"),
                _int(fields, "calls", line), _int(fields, "instructions", line)))
        elif record == "total":
            pending.total_instructions = _int(fields, "instructions", line)
        elif record == "memory":
            pending.memory = {k: _int(fields, k, line) for k in fields}
        elif record == "stack":
            pending.stack = {k: _int(fields, k, line) for k in fields}
        elif record == "note":
            pending.notes.append(fields)
        elif record == "done":
            pending.status = fields.get("status", "")
            report = pending
        else:
            raise ReportError(f"unknown record {record!r} in: {line}")
    if report is None:
        raise ReportError("the firmware printed no 'WICK done' record (did it crash or time out?)")
    return report
