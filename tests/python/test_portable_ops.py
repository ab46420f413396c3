"""kernels/portable against torch.ops.aten: elementwise operators.

Arithmetic, comparisons, logical and bitwise operators, unary math and activations,
over seeded random shapes and values: broadcasting, 0-d, size-1 and size-0
dimensions, channels-last inputs, integer and mixed dtypes (type promotion),
negative values and +-inf/NaN. Each group runs as one .pte program through the C++
runtime (portable_op_cases.run_cases). Coverage of the whole op table is checked in
test_portable_ops_layout.py.
"""

import pytest
import torch

from portable_op_cases import Case, Inputs, run_cases

F32, I64, I32, BOOL = torch.float32, torch.int64, torch.int32, torch.bool

# (shape a, shape b, a channels-last, b channels-last)
BROADCAST_SHAPES = [
    ([2, 3, 4], [2, 3, 4], False, False),
    ([2, 3, 4], [4], False, False),
    ([2, 1, 4], [3, 1], False, False),
    ([1], [5, 2], False, False),
    ([], [3, 2], False, False),
    ([0, 3], [1, 3], False, False),
    ([2, 3, 4, 5], [2, 3, 4, 5], True, True),
    ([2, 3, 4, 5], [3, 1, 1], True, False),
    ([2, 3, 4, 5], [2, 3, 4, 5], False, True),
    ([1, 8, 1, 1], [2, 8, 3, 3], False, True),
]


def tensor_pairs(I, dtype=F32, special=False, positive_b=False, nonzero_b=False, low=-9, high=10):
    pairs = []
    for sa, sb, cla, clb in BROADCAST_SHAPES:
        if dtype.is_floating_point:
            a = I.randn(*sa, dtype=dtype, channels_last=cla, special=special, scale=3.0)
            b = I.randn(*sb, dtype=dtype, channels_last=clb, special=special, scale=3.0)
            if positive_b:
                b = b.abs() + 0.5
        else:
            a = I.randint(low, high, *sa, dtype=dtype, channels_last=cla)
            b = I.randint(low, high, *sb, dtype=dtype, channels_last=clb)
            if positive_b:
                b = b.abs() + 1
            if nonzero_b:
                b = torch.where(b == 0, torch.ones_like(b), b)
        pairs.append((a, b))
    return pairs


def binary(I, op, dtypes=(F32, I64, I32), special=True, out=None, nonzero_b=False, positive_b=False,
           extra=(), kwargs=None, **case):
    cases = []
    for dtype in dtypes:
        for a, b in tensor_pairs(I, dtype, special=special, nonzero_b=nonzero_b, positive_b=positive_b):
            out_dtype = out or torch.result_type(a, b)
            cases.append(Case(op, [a, b, *extra], dict(kwargs or {}), out_dtypes=[out_dtype], **case))
    return cases


def mixed(I, op, out=None, **case):
    """Type promotion: int with float, int32 with int64, uint8 with int8, bool with int."""
    pairs = [(I.randint(-5, 6, 3, 4, dtype=I32), I.randn(4)),
             (I.randn(2, 3), I.randint(1, 6, 2, 1)),
             (I.randint(-5, 6, 4, dtype=I32), I.randint(1, 6, 2, 4)),
             (I.randint(0, 100, 5, dtype=torch.uint8), I.randint(1, 100, 5, dtype=torch.int8)),
             (I.bools(6), I.randint(1, 6, 6, dtype=I32))]
    return [Case(op, [a, b], out_dtypes=[out or torch.result_type(a, b)], **case) for a, b in pairs]


def scalars(I, op, values, dtypes=(F32, I64), special=True, out=None, **case):
    cases = []
    for dtype in dtypes:
        for shape, cl in (([3, 4], False), ([2, 3, 2, 2], True), ([0, 2], False), ([], False)):
            if dtype.is_floating_point:
                a = I.randn(*shape, dtype=dtype, channels_last=cl, special=special, scale=3.0)
            else:
                a = I.randint(-9, 10, *shape, dtype=dtype, channels_last=cl)
            for v in values:
                if not dtype.is_floating_point and isinstance(v, float) and out is None:
                    continue  # an int tensor op a float scalar is float: covered by the float run
                cases.append(Case(op, [a, v], out_dtypes=[out or torch.result_type(a, v)], **case))
    return cases


def arithmetic(I):
    cases = []
    cases += binary(I, "aten::add.out") + binary(I, "aten::add.out", kwargs={"alpha": 2}, dtypes=(F32, I64))
    cases += binary(I, "aten::add.out", kwargs={"alpha": -0.5}, dtypes=(F32,)) + mixed(I, "aten::add.out")
    cases.append(Case("aten::add.out", [I.bools(5), I.bools(5)], {"alpha": True}))
    # Integer overflow wraps, as in PyTorch.
    cases.append(Case("aten::add.out", [I.randint(-128, 128, 16, dtype=torch.int8), I.randint(-128, 128, 16, dtype=torch.int8)]))
    cases.append(Case("aten::mul.out", [I.randint(0, 256, 16, dtype=torch.uint8), I.randint(0, 256, 16, dtype=torch.uint8)]))
    cases.append(Case("aten::sub.out", [torch.tensor([-2**31, 2**31 - 1], dtype=I32), torch.tensor([1, -1], dtype=I32)]))
    # float16: computed in float32 and rounded once, as PyTorch does: exact.
    cases.append(Case("aten::add.out", [I.randn(7, dtype=torch.float16), I.randn(7, dtype=torch.float16)],
                      rtol=0, atol=0))
    cases += scalars(I, "aten::add.Scalar_out", [2, -1.5]) + scalars(I, "aten::add.Scalar_out", [3], dtypes=(I32,))
    cases.append(Case("aten::add.Scalar_out", [I.randn(4), 2.5], {"alpha": 3}))
    cases += binary(I, "aten::sub.out") + binary(I, "aten::sub.out", kwargs={"alpha": 3}, dtypes=(I64,))
    cases += mixed(I, "aten::sub.out")[:4]
    cases += scalars(I, "aten::sub.Scalar_out", [2, 0.25])
    cases += binary(I, "aten::rsub.Tensor_out", kwargs={"alpha": 2})
    cases += scalars(I, "aten::rsub.Scalar_out", [5, -0.75])
    cases += binary(I, "aten::mul.out") + mixed(I, "aten::mul.out")
    cases.append(Case("aten::mul.out", [I.bools(2, 3), I.bools(3)]))
    cases += scalars(I, "aten::mul.Scalar_out", [3, -0.5, True])
    return cases


def division(I):
    cases = []
    cases += binary(I, "aten::div.out", dtypes=(F32,)) + binary(I, "aten::div.out", dtypes=(I64, I32), out=F32)
    cases += mixed(I, "aten::div.out", out=F32)
    cases.append(Case("aten::div.out", [torch.tensor([1.0, -1.0, 0.0, 0.0]), torch.tensor([0.0, 0.0, 0.0, -0.0])]))
    for mode in ("trunc", "floor", None):
        cases += binary(I, "aten::div.out_mode", dtypes=(F32,), kwargs={"rounding_mode": mode})
        if mode is not None:
            cases += binary(I, "aten::div.out_mode", dtypes=(I64, I32), nonzero_b=True,
                            kwargs={"rounding_mode": mode})
        cases += scalars(I, "aten::div.Scalar_mode_out", [-3, 2.5], dtypes=(F32,)) if mode is None else [
            Case("aten::div.Scalar_mode_out", [I.randn(3, 4, scale=5), s], {"rounding_mode": mode}) for s in (3, -0.7)
        ] + [Case("aten::div.Scalar_mode_out", [I.randint(-20, 20, 6), -3], {"rounding_mode": mode})]
    cases += scalars(I, "aten::div.Scalar_out", [4, -0.3], dtypes=(F32,))
    cases.append(Case("aten::div.Scalar_out", [I.randint(-9, 9, 5), 2], out_dtypes=[F32]))
    cases.append(Case("aten::div.Scalar_out", [I.randn(3), 0.0]))
    for op in ("aten::remainder.Tensor_out", "aten::fmod.Tensor_out"):
        cases += binary(I, op, dtypes=(F32,)) + binary(I, op, dtypes=(I64, I32), nonzero_b=True)
    for op in ("aten::remainder.Scalar_out", "aten::fmod.Scalar_out"):
        cases += scalars(I, op, [3, -2.5], dtypes=(F32,))
        cases.append(Case(op, [I.randint(-20, 20, 4, 5), -3]))
        cases.append(Case(op, [I.randint(-20, 20, 7, dtype=I32), 4]))
    return cases


def powers(I):
    cases = []
    for exponent in (2, 3, 0.5, -1, -2.5, 0, 1.0):
        cases.append(Case("aten::pow.Tensor_Scalar_out", [I.randn(3, 4, special=True, scale=2), exponent]))
    cases.append(Case("aten::pow.Tensor_Scalar_out", [I.randn(2, 3, 2, 2, channels_last=True), 2]))
    cases.append(Case("aten::pow.Tensor_Scalar_out", [I.rand(0, 3), 2]))
    cases.append(Case("aten::pow.Tensor_Scalar_out", [I.randint(-5, 6, 8), 3]))
    cases.append(Case("aten::pow.Tensor_Scalar_out", [I.randint(-5, 6, 8, dtype=I32), 0]))
    cases.append(Case("aten::pow.Tensor_Scalar_out", [I.randint(-5, 6, 8), 0.5], out_dtypes=[F32]))
    for a, b in tensor_pairs(I, F32, special=True):
        cases.append(Case("aten::pow.Tensor_Tensor_out", [a.abs() if a.numel() % 2 else a, b]))
    for a, b in tensor_pairs(I, I64, low=0, high=5)[:6]:
        cases.append(Case("aten::pow.Tensor_Tensor_out", [a, b]))
    cases.append(Case("aten::pow.Tensor_Tensor_out", [I.randint(1, 4, 5), I.randn(5)], out_dtypes=[F32]))
    for base in (2.0, 0.5, -3.0, 3):
        exponent = I.randn(3, 4, special=True) if isinstance(base, float) else I.randint(0, 5, 3, 4)
        cases.append(Case("aten::pow.Scalar_out", [base, exponent], out_dtypes=[torch.result_type(base, exponent)]))
    return cases


def min_max(I):
    cases = []
    for op in ("aten::maximum.out", "aten::minimum.out"):
        cases += binary(I, op, dtypes=(F32, I64, I32)) + mixed(I, op)[:3]
        cases.append(Case(op, [I.bools(4), I.bools(4)]))
    return cases


def comparisons(I):
    cases = []
    for name in ("eq", "ne", "lt", "le", "gt", "ge"):
        cases += binary(I, f"aten::{name}.Tensor_out", dtypes=(F32, I64), out=BOOL)
        cases += mixed(I, f"aten::{name}.Tensor_out", out=BOOL)[:3]
        cases.append(Case(f"aten::{name}.Tensor_out", [I.bools(3, 2), I.bools(2)], out_dtypes=[BOOL]))
        cases += scalars(I, f"aten::{name}.Scalar_out", [0, 0.5, float("nan")], dtypes=(F32,), out=BOOL)
        cases += scalars(I, f"aten::{name}.Scalar_out", [1, 2.5], dtypes=(I64, I32), out=BOOL)
        # A comparison written into a float tensor: PyTorch stores 0/1.
        cases.append(Case(f"aten::{name}.Scalar_out", [I.randn(5), 0.0], out_dtypes=[F32]))
    return cases


def logical_bitwise(I):
    cases = []
    sources = [I.bools(3, 4), I.randint(-2, 3, 3, 4), I.randn(3, 4, special=True),
               torch.tensor([0.0, -0.0, float("nan"), 1e-30])]
    for x in sources:
        cases.append(Case("aten::logical_not.out", [x], out_dtypes=[BOOL]))
    cases.append(Case("aten::logical_not.out", [I.randint(-1, 2, 5)], out_dtypes=[F32]))
    for name in ("logical_and", "logical_or", "logical_xor"):
        op = f"aten::{name}.out"
        cases += [Case(op, [a, b], out_dtypes=[BOOL]) for a, b in tensor_pairs(I, F32, special=True)]
        cases += [Case(op, [I.randint(-1, 2, 4, 1), I.randint(-1, 2, 3)], out_dtypes=[BOOL]),
                  Case(op, [I.bools(4, 3), I.randn(3)], out_dtypes=[BOOL]),
                  Case(op, [I.bools(2, 2), I.bools(2, 2)], out_dtypes=[F32])]
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor"):
        cases += binary(I, f"aten::{name}.Tensor_out", dtypes=(I64, I32, torch.uint8, torch.int8), special=False)
        cases.append(Case(f"aten::{name}.Tensor_out", [I.bools(3, 3), I.bools(3)]))
        cases.append(Case(f"aten::{name}.Tensor_out", [I.randint(-50, 50, 4, dtype=I32), I.randint(-50, 50, 4)],
                          out_dtypes=[I64]))
        for v in (5, -3, 255):
            cases.append(Case(f"aten::{name}.Scalar_out", [I.randint(-100, 100, 2, 5), v]))
        # torch.ops passes a Python bool Scalar on as an int: the functional op is the reference.
        cases.append(Case(f"aten::{name}.Scalar_out", [I.bools(6), True],
                          ref=lambda x, v, fn=getattr(torch, name): [fn(x, v)]))
    for x in (I.randint(-100, 100, 3, 4), I.randint(0, 255, 6, dtype=torch.uint8), I.bools(5),
              I.randint(-9, 9, 2, 3, 2, 2, dtype=I32, channels_last=True)):
        cases.append(Case("aten::bitwise_not.out", [x]))
    return cases


def where(condition, a, b):
    # torch 1.13's where.self_out trips an internal assert; the functional op is the reference.
    return [torch.where(condition, a, b)]


def selection(I):
    cases = []
    for shape_c, shape_a, shape_b in (([3, 4], [3, 4], [3, 4]), ([4], [3, 1], [1]), ([2, 1, 1, 1], [2, 3, 2, 2], [3, 1, 1]),
                                      ([0, 2], [1, 2], [2])):
        cases.append(Case("aten::where.self_out", ref=where, args=[I.bools(*shape_c), I.randn(*shape_a, special=True), I.randn(*shape_b)]))
    cases.append(Case("aten::where.self_out", ref=where, args=[I.bools(5), I.randint(-5, 5, 5), I.randint(-5, 5, 1, dtype=I32)]))
    cases.append(Case("aten::where.self_out", ref=where, args=[I.bools(2, 3), I.randn(2, 3), I.randint(0, 3, 3)], out_dtypes=[F32]))
    cases.append(Case("aten::where.self_out", ref=where, args=[I.bools(2, 3, 4, 4), I.randn(2, 3, 4, 4, channels_last=True),
                                               I.randn(2, 3, 4, 4, channels_last=True)]))
    for x, mask, value in ((I.randn(3, 4, special=True), I.bools(3, 4), -1.5), (I.randn(2, 3, 4), I.bools(4), float("-inf")),
                           (I.randint(-5, 5, 4, 2), I.bools(2), 7), (I.randn(0, 3), I.bools(3), 1.0),
                           (I.randn(2, 3, 2, 2, channels_last=True), I.bools(2, 1, 2, 2), 0)):
        cases.append(Case("aten::masked_fill.Scalar_out", [x, mask, value]))
    for op in ("aten::isnan.out", "aten::isinf.out"):
        cases += [Case(op, [I.randn(4, 5, special=True)], out_dtypes=[BOOL]),
                  Case(op, [I.randint(-3, 3, 4)], out_dtypes=[BOOL]),
                  Case(op, [I.randn(2, 3, 2, 2, special=True, channels_last=True)], out_dtypes=[BOOL]),
                  Case(op, [I.randn(0, 3)], out_dtypes=[BOOL])]
    return cases


def float_inputs(I, special=True, scale=2.0, low=None):
    xs = [I.randn(3, 5, special=special, scale=scale), I.randn(2, 3, 4, 4, channels_last=True, scale=scale),
          I.randn(0, 4), I.randn(scale=scale), I.randn(1, 1, 7, scale=scale)]
    if low is not None:
        xs = [x.abs() + low for x in xs]
        xs[0].view(-1)[:3] = torch.tensor([0.0, float("inf"), float("nan")])[: xs[0].numel()]
    return xs


UNARY_FLOAT = ["neg", "abs", "sign", "floor", "ceil", "trunc", "round", "exp", "expm1", "log", "log1p", "sqrt",
               "rsqrt", "reciprocal", "sin", "cos", "erf", "relu", "tanh", "sigmoid", "silu", "hardsigmoid",
               "hardswish"]
# Operators defined on integers with an integer result (PyTorch: floor/ceil/round/trunc are identities).
UNARY_INT_SAME = ["neg", "abs", "sign", "floor", "ceil", "trunc", "round", "relu"]
UNARY_INT_TO_FLOAT = ["exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "erf", "tanh",
                      "sigmoid"]


def unary_math(I):
    cases = []
    for name in UNARY_FLOAT:
        op = f"aten::{name}.out"
        for x in float_inputs(I):
            cases.append(Case(op, [x]))
        # Half-way points and values near the function's interesting spots.
        cases.append(Case(op, [torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -0.0, 0.0, 3.0, -3.0, 1e-8, 80.0])]))
        cases.append(Case(op, [I.randn(64, scale=30.0)]))
    for name in UNARY_INT_SAME:
        cases.append(Case(f"aten::{name}.out", [I.randint(-50, 50, 4, 3)]))
        cases.append(Case(f"aten::{name}.out", [I.randint(-50, 50, 5, dtype=I32)]))
    for name in UNARY_INT_TO_FLOAT:
        x = I.randint(1, 20, 6) if name in ("log", "sqrt", "rsqrt", "reciprocal", "log1p") else I.randint(-5, 5, 6)
        cases.append(Case(f"aten::{name}.out", [x], out_dtypes=[F32]))
    cases.append(Case("aten::abs.out", [I.randint(-100, 100, 8, dtype=torch.int8)]))
    cases.append(Case("aten::neg.out", [I.randn(6, dtype=torch.float16)], rtol=0, atol=0))
    cases.append(Case("aten::sign.out", [I.bools(4)]))
    cases.append(Case("aten::exp.out", [I.randn(8).double()], out_dtypes=[torch.float64], rtol=1e-12, atol=0))
    return cases


def activations(I):
    cases = []
    for lo, hi in ((-1.0, 1.0), (0.0, 6.0), (-0.5, 0.25)):
        for x in float_inputs(I, scale=4.0):
            cases.append(Case("aten::hardtanh.out", [x, lo, hi]))
    cases.append(Case("aten::hardtanh.out", [I.randint(-9, 9, 6), -2, 3]))
    for lo, hi in ((-1.0, 1.0), (None, 0.5), (-0.5, None), (2, 1), (0, 6)):
        for x in float_inputs(I, scale=3.0)[:3]:
            cases.append(Case("aten::clamp.out", [x, lo, hi]))
    cases.append(Case("aten::clamp.out", [I.randint(-9, 9, 3, 3), -2, 4]))
    cases.append(Case("aten::clamp.out", [I.randint(-9, 9, 5, dtype=I32), None, 0]))
    cases.append(Case("aten::clamp.out", [I.randint(-9, 9, 5), 0.5, 2.5], out_dtypes=[F32]))
    cases.append(Case("aten::clamp.out", [torch.tensor([float("nan"), 1.0, -5.0]), float("nan"), 2.0]))
    for x, lo, hi in ((I.randn(3, 4, special=True, scale=3), I.randn(4), I.randn(3, 1) + 1),
                      (I.randn(2, 3, 2, 2, channels_last=True), I.randn(3, 1, 1), None),
                      (I.randn(5), None, I.randn(5)), (I.randint(-9, 9, 4, 2), I.randint(-3, 0, 2), I.randint(0, 4, 4, 1)),
                      (I.randn(0, 2), I.randn(2), I.randn(2))):
        cases.append(Case("aten::clamp.Tensor_out", [x, lo, hi]))
    for slope in (0.01, 0.2, -1.0):
        for x in float_inputs(I, scale=3.0):
            cases.append(Case("aten::leaky_relu.out", [x, slope]))
    for alpha, scale, input_scale in ((1.0, 1, 1), (0.5, 2.0, 1.5), (1.6732632423543772, 1.0507009873554805, 1)):
        for x in float_inputs(I, scale=3.0):
            cases.append(Case("aten::elu.out", [x, alpha, scale, input_scale]))
    for approximate in ("none", "tanh"):
        for x in float_inputs(I, scale=3.0):
            cases.append(Case("aten::gelu.out", [x], {"approximate": approximate}))
    for beta, threshold in ((1, 20), (2.0, 5.0), (0.5, 1)):
        for x in float_inputs(I, scale=8.0):
            cases.append(Case("aten::softplus.out", [x, beta, threshold]))
    for dim in (0, 1, -1):
        cases.append(Case("aten::glu.out", [I.randn(4, 6, special=True), dim]))
    cases.append(Case("aten::glu.out", [I.randn(2, 4, 3, 2, channels_last=True), 1]))
    cases.append(Case("aten::glu.out", [I.randn(0, 4), 1]))
    return cases


GROUPS = {
    "arithmetic": arithmetic,
    "division": division,
    "powers": powers,
    "min_max": min_max,
    "comparisons": comparisons,
    "logical_bitwise": logical_bitwise,
    "selection": selection,
    "unary_math": unary_math,
    "activations": activations,
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_elementwise(group):
    run_cases(GROUPS[group](Inputs(seed=sorted(GROUPS).index(group))))
