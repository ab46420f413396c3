"""Differential testing of kernels/portable against torch.ops.aten, one operator call per case.

A `Case` names an out-variant operator and gives the values of its schema arguments
(tensors, scalars, lists, dtypes, strings). `run_cases` writes every case of a batch
into one single-method .pte built directly with wick.pte (pte-format.md §4.2: the
values table holds each argument, then the out tensors; a KernelCall's args are the
schema arguments in order with defaults materialised, then the out arguments, then
the returns repeated), runs it once through the C++ runtime (wick.runtime) and
compares each output with the reference: the same out-variant called in torch
(`torch.ops.aten.<op>.<overload>(..., out=...)`), or a small Python reference for the
few ExecuTorch operators torch 1.13 lacks.

Input tensors are constants of the program stored in their own memory order, so
channels-last inputs (dim_order 0,2,3,1), float16 and bfloat16 reach the kernels
exactly as built. Outputs are memory-planned with the shape, dtype and memory format
of torch's result (channels-last when torch produces channels-last).

Tolerances: integer and bool outputs exact; float32 within 1e-5 relative. Where an
output is a sum of many products (convolution, matrix products, reductions,
normalisation) the summation order is Wick's own (blocked, vectorised), so the bound
is 1e-5 relative to the magnitude of the terms — the same operator evaluated on
|inputs| (`magnitude=True`) — rather than to a result that may cancel to near zero.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from wick.pte import pack_constants, serialize_pte
from wick.pte.schema import (AllocationDetails, Bool, BoolList, Chain, Double, DoubleList, EValue,
                             ExecutionPlan, Instruction, Int, IntList, KernelCall, Null, Operator,
                             OptionalTensorList, Program, ScalarType, String, SubsegmentOffsets, Tensor,
                             TensorList)

SCALAR_TYPES = {
    torch.uint8: ScalarType.BYTE, torch.int8: ScalarType.CHAR, torch.int16: ScalarType.SHORT,
    torch.int32: ScalarType.INT, torch.int64: ScalarType.LONG, torch.float16: ScalarType.HALF,
    torch.float32: ScalarType.FLOAT, torch.float64: ScalarType.DOUBLE, torch.bool: ScalarType.BOOL,
    torch.bfloat16: ScalarType.BFLOAT16,
}
# c10::MemoryFormat, as the emitter writes a MemoryFormat argument.
MEMORY_FORMATS = {torch.contiguous_format: 0, torch.preserve_format: 1, torch.channels_last: 2,
                  torch.channels_last_3d: 3}
CHANNELS_LAST = [0, 2, 3, 1]
PLAN_ALIGNMENT = 16

# ExecuTorch operators with no out-variant in torch 1.13: their schema and a reference
# (returning the out tensors) written from the operator's definition.
EXTRA_SCHEMAS = {
    "aten::_native_batch_norm_legit_no_training.out":
        "aten::_native_batch_norm_legit_no_training.out(Tensor input, Tensor? weight, Tensor? bias, "
        "Tensor running_mean, Tensor running_var, float momentum, float eps, *, Tensor(a!) out0, "
        "Tensor(b!) out1, Tensor(c!) out2) -> (Tensor(a!), Tensor(b!), Tensor(c!))",
    "aten::any.dims_out":
        "aten::any.dims_out(Tensor self, int[]? dim=None, bool keepdim=False, *, Tensor(a!) out) -> Tensor(a!)",
    "aten::squeeze_copy.dims_out":
        "aten::squeeze_copy.dims_out(Tensor self, int[] dim, *, Tensor(a!) out) -> Tensor(a!)",
    "dim_order_ops::_clone_dim_order.out":
        "dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, "
        "Tensor(a!) out) -> Tensor(a!)",
    "dim_order_ops::_to_dim_order_copy.out":
        "dim_order_ops::_to_dim_order_copy.out(Tensor self, *, bool non_blocking=False, "
        "int[]? dim_order=None, Tensor(a!) out) -> Tensor(a!)",
    "dim_order_ops::_empty_dim_order.out":
        "dim_order_ops::_empty_dim_order.out(int[] size, *, int[]? dim_order=None, Tensor(a!) out) -> Tensor(a!)",
}


@dataclasses.dataclass
class Case:
    """One call of `op` (qualified out-variant name, e.g. "aten::add.out").

    args: values of the leading schema arguments, in order; kwargs: any others by
    name (schema defaults fill the rest). out_dtypes: dtype of each out tensor
    (default: the first tensor argument's). out_list: for ops whose out is a
    Tensor[] (split, unbind), how many tensors it holds. ref: a reference
    returning the outputs, for operators torch 1.13 lacks. compare: "values",
    "shape" (contents unspecified, e.g. empty) or a callable(got, want).
    """

    op: str
    args: Sequence[Any] = ()
    kwargs: Dict[str, Any] = dataclasses.field(default_factory=dict)
    out_dtypes: Optional[Sequence[torch.dtype]] = None
    out_list: int = 0
    out_channels_last: Optional[bool] = None
    ref: Optional[Callable[..., Sequence[torch.Tensor]]] = None
    rtol: float = 1e-5
    atol: float = 1e-6
    magnitude: bool = False
    compare: Any = "values"
    label: str = ""

    def __str__(self) -> str:
        def show(v):
            if isinstance(v, torch.Tensor):
                layout = ",cl" if _is_channels_last(v) else ""
                return f"{str(v.dtype)[6:]}{list(v.shape)}{layout}"
            if isinstance(v, (list, tuple)):
                return "[" + ", ".join(show(x) for x in v) + "]"
            return repr(v)
        parts = [show(a) for a in self.args] + [f"{k}={show(v)}" for k, v in self.kwargs.items()]
        return f"{self.op}({', '.join(parts)}){' ' + self.label if self.label else ''}"


# --- schemas --------------------------------------------------------------------------------

def _overload(op: str):
    namespace, rest = op.split("::")
    name, _, overload = rest.partition(".")
    return getattr(getattr(getattr(torch.ops, namespace), name), overload or "default")


def schema_of(op: str):
    if op in EXTRA_SCHEMAS:
        return torch._C.parse_schema(EXTRA_SCHEMAS[op])
    return _overload(op)._schema


def _is_out(arg) -> bool:
    return arg.kwarg_only and arg.alias_info is not None and arg.alias_info.is_write


def _split_schema(schema):
    inputs = [a for a in schema.arguments if not _is_out(a)]
    outs = [a for a in schema.arguments if _is_out(a)]
    return inputs, outs


def _bind(case: Case, inputs) -> List[Tuple[Any, Any]]:
    """(schema argument, value) for every non-out argument, defaults materialised."""
    if len(case.args) > len(inputs):
        raise ValueError(f"{case.op}: {len(case.args)} values for {len(inputs)} arguments")
    names = {a.name for a in inputs}
    unknown = set(case.kwargs) - names
    if unknown:
        raise ValueError(f"{case.op}: no argument named {sorted(unknown)}")
    bound = []
    for i, arg in enumerate(inputs):
        if i < len(case.args):
            bound.append((arg, case.args[i]))
        elif arg.name in case.kwargs:
            bound.append((arg, case.kwargs[arg.name]))
        elif arg.has_default_value():
            bound.append((arg, arg.default_value))
        elif str(arg.type).startswith("Optional"):
            bound.append((arg, None))
        else:
            raise ValueError(f"{case.op}: argument {arg.name} has no value")
    return bound


# --- references --------------------------------------------------------------------------------

def _is_channels_last(t: torch.Tensor) -> bool:
    return (t.dim() == 4 and t.numel() > 0 and t.is_contiguous(memory_format=torch.channels_last)
            and not t.is_contiguous())


def _first_tensor(case: Case) -> Optional[torch.Tensor]:
    for v in list(case.args) + list(case.kwargs.values()):
        if isinstance(v, torch.Tensor):
            return v
        if isinstance(v, (list, tuple)):
            for x in v:
                if isinstance(x, torch.Tensor):
                    return x
    return None


def _out_dtypes(case: Case, n_outs: int) -> List[torch.dtype]:
    if case.out_dtypes is not None:
        if len(case.out_dtypes) != n_outs:
            raise ValueError(f"{case.op}: {len(case.out_dtypes)} out dtypes for {n_outs} outs")
        return list(case.out_dtypes)
    first = _first_tensor(case)
    return [first.dtype if first is not None else torch.float32] * n_outs


def reference(case: Case, magnitude: bool = False) -> List[torch.Tensor]:
    """torch's outputs for the case (flattened: a Tensor[] out contributes each tensor)."""
    schema = schema_of(case.op)
    inputs, outs = _split_schema(schema)
    bound = _bind(case, inputs)

    def prepare(v):
        if magnitude and isinstance(v, torch.Tensor) and v.is_floating_point():
            return v.abs()
        if magnitude and isinstance(v, float):
            return abs(v)
        if isinstance(v, (list, tuple)):
            return type(v)(prepare(x) for x in v)
        return v

    values = [prepare(v) for _, v in bound]
    if case.ref is not None:
        return [t for t in case.ref(*values)]
    dtypes = _out_dtypes(case, len(outs) if not case.out_list else case.out_list)
    positional = [v for (a, _), v in zip(bound, values) if not a.kwarg_only]
    keywords = {a.name: v for (a, _), v in zip(bound, values) if a.kwarg_only}
    if case.out_list:
        out_tensors = [torch.empty(0, dtype=d) for d in dtypes]
        keywords[outs[0].name] = out_tensors
    else:
        out_tensors = [torch.empty(0, dtype=d) for d in dtypes]
        for arg, t in zip(outs, out_tensors):
            keywords[arg.name] = t
    functional = _functional(case.op)
    if functional is not None:
        # torch 1.13's *_copy out-variants copy into `out` without resizing it (a 0-d
        # result even broadcasts into the empty placeholder): the functional overload
        # (X_out -> X, out -> default) is the reference, cast to the out dtype.
        result = functional(*positional, **{k: v for k, v in keywords.items() if k not in {a.name for a in outs}})
        results = list(result) if isinstance(result, (tuple, list)) else [result]
        return [r.to(d) for r, d in zip(results, dtypes)]
    _overload(case.op)(*positional, **keywords)
    return out_tensors


def _functional(op: str):
    namespace, rest = op.split("::")
    name, _, overload = rest.partition(".")
    if not name.endswith("_copy"):
        return None
    base = "default" if overload == "out" else overload[:-4] if overload.endswith("_out") else None
    packet = getattr(getattr(torch.ops, namespace), name)
    return getattr(packet, base, None) if base else None


# --- program building -----------------------------------------------------------------------------

def tensor_bytes(t: torch.Tensor, dim_order: Sequence[int]) -> bytes:
    """The elements of `t` in the memory order `dim_order`."""
    stored = t.detach().permute(*dim_order).contiguous() if t.dim() else t.detach().contiguous()
    flat = stored.reshape(-1)
    if flat.dtype == torch.bool:
        flat = flat.to(torch.uint8)
    if flat.dtype == torch.bfloat16:
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes()


def dim_order_of(t: torch.Tensor) -> List[int]:
    return list(CHANNELS_LAST) if _is_channels_last(t) else list(range(t.dim()))


class ProgramBuilder:
    """One method "forward" without inputs: constants in, planned out tensors out."""

    def __init__(self):
        self.values: List[EValue] = []
        self.operators: List[Operator] = []
        self.instructions: List[Instruction] = []
        self.constants: List[bytes] = []
        self.outputs: List[int] = []
        self.planned = 0

    def add(self, value) -> int:
        self.values.append(EValue(value))
        return len(self.values) - 1

    def constant(self, t: torch.Tensor) -> int:
        order = dim_order_of(t)
        self.constants.append(tensor_bytes(t, order))
        return self.add(Tensor(scalar_type=SCALAR_TYPES[t.dtype], sizes=list(t.shape), dim_order=order,
                               data_buffer_idx=len(self.constants)))

    def planned_tensor(self, sizes: Sequence[int], dtype: torch.dtype, dim_order: Sequence[int]) -> int:
        nbytes = int(np.prod(sizes, dtype=np.int64)) * torch.empty(0, dtype=dtype).element_size()
        offset = self.planned
        self.planned += (nbytes + PLAN_ALIGNMENT - 1) // PLAN_ALIGNMENT * PLAN_ALIGNMENT
        return self.add(Tensor(scalar_type=SCALAR_TYPES[dtype], sizes=list(sizes), dim_order=list(dim_order),
                               allocation_info=AllocationDetails(memory_id=1, memory_offset_low=offset)))

    def argument(self, type_name: str, v: Any) -> int:
        if v is None:
            return self.add(Null())
        if isinstance(v, torch.Tensor):
            return self.constant(v)
        if isinstance(v, torch.dtype):
            return self.add(Int(int(SCALAR_TYPES[v])))
        if isinstance(v, torch.memory_format):
            return self.add(Int(MEMORY_FORMATS[v]))
        if isinstance(v, bool):
            return self.add(Bool(v))
        if isinstance(v, int):
            return self.add(Int(v))
        if isinstance(v, float):
            return self.add(Double(v))
        if isinstance(v, str):
            return self.add(String(v))
        if isinstance(v, (list, tuple)):
            if "Optional[Tensor]" in type_name:
                return self.add(OptionalTensorList([-1 if x is None else self.constant(x) for x in v]))
            if "Tensor" in type_name:
                return self.add(TensorList([self.constant(x) for x in v]))
            if "float" in type_name:
                return self.add(DoubleList([float(x) for x in v]))
            if "bool" in type_name:
                return self.add(BoolList([bool(x) for x in v]))
            return self.add(IntList([self.add(Int(int(x))) for x in v]))
        raise TypeError(f"no EValue for {type(v).__name__} ({type_name})")

    def kernel(self, op: str, args: Sequence[int]) -> None:
        name, _, overload = op.partition(".")
        operator = Operator(name=name, overload=overload)
        if operator not in self.operators:
            self.operators.append(operator)
        self.instructions.append(Instruction(KernelCall(op_index=self.operators.index(operator), args=list(args))))

    def build(self) -> bytes:
        blob, offsets = pack_constants(self.constants)
        plan = ExecutionPlan(name="forward", values=self.values, inputs=[], outputs=self.outputs,
                             chains=[Chain(instructions=self.instructions)], operators=self.operators,
                             non_const_buffer_sizes=[0, max(self.planned, PLAN_ALIGNMENT)])
        program = Program(execution_plan=[plan],
                          constant_segment=SubsegmentOffsets(segment_index=0, offsets=offsets))
        return serialize_pte(program, [blob])


def _out_layout(t: torch.Tensor, case: Case) -> List[int]:
    if case.out_channels_last is not None and t.dim() == 4:
        return list(CHANNELS_LAST) if case.out_channels_last else list(range(4))
    return dim_order_of(t)


def add_case(builder: ProgramBuilder, case: Case, expected: Sequence[torch.Tensor]) -> List[int]:
    """Appends the case's KernelCall; returns the output indices (in plan.outputs order)."""
    schema = schema_of(case.op)
    inputs, outs = _split_schema(schema)
    args = [builder.argument(str(arg.type), v) for arg, v in _bind(case, inputs)]
    out_values = [builder.planned_tensor(t.shape, t.dtype, _out_layout(t, case)) for t in expected]
    if case.out_list:
        out_args = [builder.add(TensorList(out_values))]
    else:
        out_args = out_values
    n_returns = len(schema.returns)
    returns = out_args[:n_returns] if n_returns else []
    builder.kernel(case.op, args + out_args + returns)
    first = len(builder.outputs)
    builder.outputs.extend(out_values)
    return list(range(first, first + len(out_values)))


def _run_program(pte: bytes) -> List[Any]:
    import wick.runtime

    fd, path = tempfile.mkstemp(suffix=".pte")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pte)
        return wick.runtime.load(path).forward()
    finally:
        os.unlink(path)


def _to_torch(array: Any, dtype: torch.dtype) -> torch.Tensor:
    return torch.from_numpy(np.array(array)).to(dtype)


def check(case: Case, got: Sequence[torch.Tensor], want: Sequence[torch.Tensor]) -> None:
    assert len(got) == len(want), f"{case}: {len(got)} outputs, expected {len(want)}"
    bounds = reference(case, magnitude=True) if case.magnitude else [None] * len(want)
    for i, (g, w, bound) in enumerate(zip(got, want, bounds)):
        where = f"{case} output {i}"
        assert g.dtype == w.dtype, f"{where}: dtype {g.dtype}, expected {w.dtype}"
        assert tuple(g.shape) == tuple(w.shape), f"{where}: shape {tuple(g.shape)}, expected {tuple(w.shape)}"
        if case.compare == "shape":
            continue
        if callable(case.compare):
            case.compare(g, w)
            continue
        if not w.is_floating_point():
            mismatch = (g != w)
            assert not bool(mismatch.any()), (
                f"{where}: {int(mismatch.sum())} of {w.numel()} elements differ; first at "
                f"{tuple(int(k) for k in mismatch.nonzero()[0])}: got {g[mismatch][0].item()}, "
                f"want {w[mismatch][0].item()}")
            continue
        g64, w64 = g.double(), w.double()
        same_special = (torch.isnan(g64) == torch.isnan(w64)) & (torch.isinf(w64) <= (g64 == w64))
        allowed = case.atol + case.rtol * w64.abs()
        if bound is not None:
            allowed = allowed + case.rtol * bound.double().abs()
        close = torch.isnan(w64) | torch.isinf(w64) | ((g64 - w64).abs() <= allowed)
        bad = ~(close & same_special)
        if bool(bad.any()):
            k = tuple(int(j) for j in bad.nonzero()[0])
            raise AssertionError(f"{where}: {int(bad.sum())} of {w.numel()} elements differ; first at {k}: "
                                 f"got {g64[k].item()!r}, want {w64[k].item()!r} (allowed {allowed[k].item():.3g})")


def run_cases(cases: Sequence[Case]) -> None:
    """Runs the cases in one program (each on its own if that fails) and checks every output."""
    expected = [reference(c) for c in cases]
    builder = ProgramBuilder()
    slots = []
    bf16_outputs = []
    for case, want in zip(cases, expected):
        slots.append(add_case(builder, case, want))
    # The runtime's Python binding has no bfloat16 array: widen such outputs exactly.
    for case_slots, want in zip(slots, expected):
        for slot, w in zip(case_slots, want):
            if w.dtype == torch.bfloat16:
                bf16_outputs.append(slot)
    if bf16_outputs:
        _widen_bfloat16(builder, bf16_outputs)
    try:
        outputs = _run_program(builder.build())
    except Exception as error:
        if len(cases) == 1:
            raise AssertionError(f"{cases[0]}: {error}") from None
        for case in cases:  # find the case that fails
            run_cases([case])
        raise
    for case, case_slots, want in zip(cases, slots, expected):
        got = [_to_torch(outputs[s], w.dtype) for s, w in zip(case_slots, want)]
        check(case, got, want)


def _widen_bfloat16(builder: ProgramBuilder, slots: Sequence[int]) -> None:
    """Replaces each bfloat16 output by its float32 copy (exact) made with aten::_to_copy.out."""
    for slot in slots:
        index = builder.outputs[slot]
        sizes = builder.values[index].val.sizes
        wide = builder.planned_tensor(sizes, torch.float32, list(range(len(sizes))))
        false = builder.add(Bool(False))
        null = builder.add(Null())
        builder.kernel("aten::_to_copy.out", [index, false, null, wide, wide])
        builder.outputs[slot] = wide


def expect_failure(case: Case, expected_dtypes: Sequence[torch.dtype], shapes: Sequence[Sequence[int]],
                   match: str) -> None:
    """Runs a case that must fail (bad dtypes/shapes) with outputs given explicitly."""
    import wick.runtime

    builder = ProgramBuilder()
    fake = [torch.empty(s, dtype=d) for s, d in zip(shapes, expected_dtypes)]
    add_case(builder, case, fake)
    try:
        _run_program(builder.build())
    except wick.runtime.WickError as error:
        assert re.search(match, str(error)), f"{case}: error {error!s} does not match {match!r}"
        return
    raise AssertionError(f"{case}: ran, expected an error matching {match!r}")


# --- inputs ---------------------------------------------------------------------------------------

class Inputs:
    """Seeded random tensors for cases."""

    def __init__(self, seed: int):
        self.gen = torch.Generator().manual_seed(seed)
        self.rng = np.random.default_rng(seed)

    def randn(self, *shape, dtype=torch.float32, scale: float = 1.0, channels_last: bool = False,
              special: bool = False) -> torch.Tensor:
        t = torch.randn(shape, generator=self.gen) * scale
        if special and t.numel() >= 4:
            flat = t.view(-1)
            picks = torch.randperm(flat.numel(), generator=self.gen)[:3]
            flat[picks[0]] = float("nan")
            flat[picks[1]] = float("inf")
            flat[picks[2]] = float("-inf")
        t = t.to(dtype)
        return t.contiguous(memory_format=torch.channels_last) if channels_last else t

    def rand(self, *shape, low: float = 0.0, high: float = 1.0, dtype=torch.float32,
             channels_last: bool = False) -> torch.Tensor:
        t = (torch.rand(shape, generator=self.gen) * (high - low) + low).to(dtype)
        return t.contiguous(memory_format=torch.channels_last) if channels_last else t

    def randint(self, low: int, high: int, *shape, dtype=torch.int64, channels_last: bool = False) -> torch.Tensor:
        t = torch.randint(low, high, shape, generator=self.gen, dtype=torch.int64).to(dtype)
        return t.contiguous(memory_format=torch.channels_last) if channels_last else t

    def bools(self, *shape) -> torch.Tensor:
        return torch.rand(shape, generator=self.gen) > 0.5

    def shape(self, rank: int, low: int = 1, high: int = 5) -> List[int]:
        return [int(x) for x in self.rng.integers(low, high + 1, size=rank)]


def registered_ops(repo_root) -> List[str]:
    """Every operator name in kernels/portable/op_table.cpp."""
    text = (repo_root / "kernels" / "portable" / "op_table.cpp").read_text()
    return re.findall(r'\{"([a-z_]+::[A-Za-z0-9_]+\.[A-Za-z0-9_]+)"', text)
