"""kernels/portable against torch.ops.aten: copies and casts, shape and layout
operators, indexing, concatenation and splitting, padding and constant fills.
Also: every operator of kernels/portable/op_table.cpp has differential cases here or in
the sibling files, and inconsistent dtypes/shapes fail with InvalidArgument and a log
line naming the operator.
"""

import pytest
import torch

import test_portable_ops
import test_portable_ops_nn
from portable_op_cases import Case, Inputs, expect_failure, registered_ops, run_cases

F32, F16, BF16, I64, I32, I8, U8, BOOL = (torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32,
                                         torch.int8, torch.uint8, torch.bool)
CL = torch.channels_last


def split_reference(x, size, dim):
    return [part.clone() for part in torch.split(x, size, dim)]


def unbind_reference(x, dim):
    return [part.clone() for part in torch.unbind(x, dim)]


def dim_order_copy_reference(dtype):
    def reference(x, non_blocking, dim_order):
        memory_format = CL if dim_order == [0, 2, 3, 1] else torch.contiguous_format
        return [x.to(dtype=dtype, memory_format=memory_format, copy=True)]
    return reference


def squeeze_dims_reference(x, dims):
    keep = [s for i, s in enumerate(x.shape) if not (i in [d % max(x.dim(), 1) for d in dims] and s == 1)]
    return [x.reshape(keep).clone()]


def empty_reference(size, dim_order):
    return [torch.empty(size)]


def casts(I):
    cases = []
    sources = [I.randn(3, 4, special=True, scale=100), I.randn(2, 3, 2, 2, channels_last=True, scale=10),
               I.randint(-300, 300, 5, 2), I.randint(0, 255, 6, dtype=U8), I.randint(-128, 127, 6, dtype=I8),
               I.bools(4, 3), I.randn(5, dtype=F16), I.randn(5, dtype=BF16), I.randn(0, 3), I.randn()]
    targets = [F32, F16, BF16, I64, I32, I8, U8, BOOL, torch.float64]
    for x in sources:
        for dtype in targets:
            if x.is_floating_point() and not dtype.is_floating_point and dtype != BOOL:
                # float -> int of out-of-range or NaN values is undefined in C++ and in PyTorch.
                src = torch.nan_to_num(x.float(), nan=0.0, posinf=0.0, neginf=0.0).clamp(-100, 100).to(x.dtype)
                if dtype == U8:
                    src = src.abs()
            else:
                src = x
            cases.append(Case("aten::_to_copy.out", [src], out_dtypes=[dtype]))
    cases.append(Case("aten::_to_copy.out", [I.randn(2, 3, 2, 2)], {"memory_format": CL}, out_channels_last=True))
    cases.append(Case("aten::_to_copy.out", [I.randn(2, 3, 2, 2, channels_last=True)], out_channels_last=False))
    for x in (I.randn(2, 3, 4, 4), I.randn(2, 3, 4, 4, channels_last=True), I.randint(0, 9, 1, 5, 2, 3, dtype=I32)):
        for order, dtype in (([0, 2, 3, 1], F32), ([0, 1, 2, 3], F32), ([0, 2, 3, 1], F16), ([0, 1, 2, 3], I64)):
            cases.append(Case("dim_order_ops::_to_dim_order_copy.out", [x], {"dim_order": order},
                              ref=dim_order_copy_reference(dtype)))
            cases.append(Case("dim_order_ops::_clone_dim_order.out", [x], {"dim_order": order},
                              ref=dim_order_copy_reference(x.dtype)))
    cases.append(Case("dim_order_ops::_to_dim_order_copy.out", [I.randn(3, 4)], {"dim_order": None},
                      ref=dim_order_copy_reference(BF16)))
    for x in (I.randn(3, 4, special=True), I.randn(2, 3, 2, 2, channels_last=True), I.bools(3), I.randn(0, 2),
              I.randn(4, dtype=BF16)):
        cases.append(Case("aten::clone.out", [x]))
        cases.append(Case("aten::alias_copy.out", [x]))
    cases.append(Case("aten::clone.out", [I.randn(2, 3, 2, 2)], {"memory_format": CL}, out_channels_last=True))
    return cases


def shapes(I):
    cases = []
    x4 = I.randn(2, 3, 4, 5)
    xcl = I.randn(2, 3, 4, 5, channels_last=True)
    for x in (x4, xcl, I.randint(-9, 9, 2, 3, 4, 5, dtype=I32)):
        for dims in ([0, 2, 3, 1], [3, 2, 1, 0], [0, 1, 2, 3], [-1, 0, 2, 1]):
            cases.append(Case("aten::permute_copy.out", [x, dims]))
        for d0, d1 in ((0, 1), (1, -1), (2, 2)):
            cases.append(Case("aten::transpose_copy.int_out", [x, d0, d1]))
        for size in ([6, 20], [-1], [2, -1, 5], [120, 1]):
            # view_copy reshapes the logical order whatever the memory layout.
            cases.append(Case("aten::view_copy.out", [x, size], ref=lambda t, s: [t.reshape(s).clone()]))
        for dim in (0, 2, 4, -1):
            cases.append(Case("aten::unsqueeze_copy.out", [x, dim]))
    cases.append(Case("aten::permute_copy.out", [I.randn(0, 3), [1, 0]]))
    for x in (I.randn(3, 4), I.randn(5), I.randn(), I.randint(0, 5, 2, 1, dtype=I64)):
        cases.append(Case("aten::t_copy.out", [x]))
    for x in (I.randn(1, 3, 1, 2), I.randn(1), I.randn(2, 1, 3, 1).contiguous(memory_format=CL), I.randn(0, 1, 2)):
        cases.append(Case("aten::squeeze_copy.out", [x]))
        for dim in range(-x.dim(), x.dim()):
            cases.append(Case("aten::squeeze_copy.dim_out", [x, dim]))
        cases.append(Case("aten::squeeze_copy.dims_out", [x, list(range(x.dim()))[:2]], ref=squeeze_dims_reference))
    cases.append(Case("aten::view_copy.out", [I.randn(), [1, 1]]))
    cases.append(Case("aten::view_copy.out", [I.randn(0, 4), [2, 0, 2]]))
    cases.append(Case("aten::unsqueeze_copy.out", [I.randn(), 0]))
    for x, size in ((I.randn(3, 1), [3, 4]), (I.randn(1, 3, 1), [2, -1, 5]), (I.randn(4), [2, 3, 4]),
                    (I.randn(), [2, 2]), (I.randint(0, 9, 1, 2, dtype=I32), [0, 2]),
                    (I.randn(1, 3, 1, 1), [2, 3, 4, 4])):
        cases.append(Case("aten::expand_copy.out", [x, size]))
    for x, dims in ((I.randn(3, 4, 5), [0]), (I.randn(3, 4, 5), [-1, 1]), (I.randn(2, 3, 2, 2, channels_last=True), [1, 3]),
                    (I.randint(0, 9, 4, dtype=I32), [0]), (I.randn(0, 2), [1]), (I.randn(2, 3), [])):
        cases.append(Case("aten::flip.out", [x, dims]))
    for x, repeats in ((I.randn(2, 3), [2, 1]), (I.randn(3), [2, 1, 2]), (I.randn(2, 2, 2, 2, channels_last=True), [1, 2, 1, 2]),
                       (I.randint(0, 9, 2, 1), [0, 3]), (I.randn(), [3])):
        cases.append(Case("aten::repeat.out", [x, repeats]))
    for x, factor in ((I.randn(1, 8, 3, 2), 2), (I.randn(2, 9, 2, 2), 3), (I.randn(1, 4, 3, 3, channels_last=True), 2),
                      (I.randn(3, 4, 2, 5), 1)):
        cases.append(Case("aten::pixel_shuffle.out", [x, factor]))
    for x, factor in ((I.randn(1, 2, 6, 4), 2), (I.randn(2, 1, 6, 6), 3), (I.randn(1, 2, 4, 4, channels_last=True), 2)):
        cases.append(Case("aten::pixel_unshuffle.out", [x, factor]))
    return cases


def slicing(I):
    cases = []
    x = I.randn(4, 5, 6)
    for dim, index in ((0, 0), (1, -1), (2, 3), (-1, -6)):
        cases.append(Case("aten::select_copy.int_out", [x, dim, index]))
    cases.append(Case("aten::select_copy.int_out", [I.randn(2, 3, 4, 4, channels_last=True), 1, 2]))
    cases.append(Case("aten::select_copy.int_out", [I.randn(5), 0, 4]))
    for dim, start, end, step in ((0, 1, 3, 1), (1, None, None, 2), (2, -4, -1, 1), (2, 2, 100, 3), (1, -100, 2, 1),
                                  (0, 3, 1, 1), (-1, None, -2, 2), (1, 5, None, 1)):
        cases.append(Case("aten::slice_copy.Tensor_out", [x, dim, start, end, step]))
    cases.append(Case("aten::slice_copy.Tensor_out", [I.randn(2, 8, 3, 3, channels_last=True), 1, 2, 7, 2]))
    cases.append(Case("aten::slice_copy.Tensor_out", [I.randint(0, 9, 6, dtype=I32), 0, 1, 5, 2]))
    for tensors, dim in (([I.randn(2, 3), I.randn(4, 3)], 0), ([I.randn(2, 3), I.randn(2, 1), I.randn(2, 0)], 1),
                         ([I.randn(2, 3, 2, 2, channels_last=True), I.randn(2, 5, 2, 2, channels_last=True)], 1),
                         ([I.randn(2, 3, 2, 2), I.randn(2, 3, 2, 2, channels_last=True)], -1),
                         ([I.randn(3)], 0), ([I.randint(0, 5, 2, 2), I.randint(0, 5, 2, 2)], -1),
                         ([I.randn(2, 2), I.randn(0)], 0), ([I.randn(1, 2), I.randint(0, 5, 1, 2, dtype=I32)], 0)):
        out = torch.result_type(tensors[0], tensors[-1])
        cases.append(Case("aten::cat.out", [tensors, dim], out_dtypes=[out]))
    for tensors, dim in (([I.randn(2, 3), I.randn(2, 3)], 0), ([I.randn(2, 3), I.randn(2, 3), I.randn(2, 3)], 2),
                         ([I.randn(4), I.randn(4)], -1), ([I.randint(0, 5, 3), I.randint(0, 5, 3)], 1),
                         ([I.randn(2, 3, 2, 2, channels_last=True)] * 2, 1)):
        cases.append(Case("aten::stack.out", [tensors, dim]))
    for x, size, dim in ((I.randn(5, 4), 2, 0), (I.randn(3, 7), 3, 1), (I.randn(2, 6, 2, 2, channels_last=True), 4, 1),
                         (I.randn(4, 2), 4, 0), (I.randint(0, 9, 6), 5, 0)):
        n = -(-x.shape[dim] // size)
        cases.append(Case("aten::split_copy.Tensor_out", [x, size, dim], out_list=n, ref=split_reference))
    for x, sizes, dim in ((I.randn(5, 4), [2, 3], 0), (I.randn(3, 7), [1, 0, 6], -1), (I.randn(2, 6, 2, 2), [4, 2], 1)):
        cases.append(Case("aten::split_with_sizes_copy.out", [x, sizes, dim], out_list=len(sizes), ref=split_reference))
    for x, dim in ((I.randn(3, 4), 0), (I.randn(3, 4), 1), (I.randn(2, 3, 2, 2, channels_last=True), 1),
                   (I.randint(0, 5, 2, 3), -1)):
        cases.append(Case("aten::unbind_copy.int_out", [x, dim], out_list=x.shape[dim], ref=unbind_reference))
    return cases


def indexing(I):
    cases = []
    x = I.randn(5, 6, 7)
    for dim, index in ((0, I.randint(0, 5, 4)), (1, I.randint(0, 6, 8)), (2, torch.tensor([6, 0, 6])),
                       (1, I.randint(0, 6, 0)), (0, torch.tensor(2)), (2, I.randint(0, 7, 3, dtype=I32))):
        cases.append(Case("aten::index_select.out", [x, dim, index]))
    cases.append(Case("aten::index_select.out", [I.randn(2, 4, 3, 3, channels_last=True), 1, torch.tensor([3, 1])]))
    cases.append(Case("aten::index_select.out", [I.randint(0, 9, 6, dtype=I32), 0, torch.tensor([5, 0, 5])]))
    for indices in ([I.randint(0, 5, 3)], [None, I.randint(-6, 6, 2, 2)], [I.randint(0, 5, 4), I.randint(0, 6, 4)],
                    [I.randint(0, 5, 2, 1), None, I.randint(0, 7, 3)], [I.bools(5)], [I.bools(5, 6)],
                    [None, None, torch.tensor([1, 2])], [I.randint(0, 5, 3), None, I.randint(0, 7, 3)],
                    [torch.tensor(1)]):
        cases.append(Case("aten::index.Tensor_out", [x, indices]))
    cases.append(Case("aten::index.Tensor_out", [I.randn(2, 3, 4, 4, channels_last=True), [None, torch.tensor([2, 0])]]))
    for dim, index in ((0, I.randint(0, 5, 3, 6, 7)), (1, I.randint(0, 6, 5, 2, 7)), (-1, I.randint(0, 7, 5, 6, 1)),
                       (2, I.randint(0, 7, 2, 2, 3)), (1, I.randint(0, 6, 5, 0, 7))):
        cases.append(Case("aten::gather.out", [x, dim, index]))
    weight = I.randn(10, 4)
    for indices, padding_idx in ((I.randint(0, 10, 5), -1), (I.randint(0, 10, 2, 3), 2), (torch.tensor([[9, 0]]), -1),
                                 (I.randint(0, 10, 0), -1), (I.randint(0, 10, 4, dtype=I32), -1)):
        cases.append(Case("aten::embedding.out", [weight, indices, padding_idx]))
    return cases


def padding(I):
    cases = []
    for x, pad, value in ((I.randn(2, 3), [1, 2], 0.0), (I.randn(2, 3, 4), [0, 1, 2, 0], -1.5), (I.randn(3), [2, 2], 7),
                          (I.randn(2, 3, 4, 4), [1, 1, 1, 1, 0, 1], 0.5), (I.randn(2, 3, 4, 4, channels_last=True), [1, 0, 0, 2], 0),
                          (I.randn(4, 5), [-1, 1, 0, -2], 3.0), (I.randint(-5, 5, 2, 3), [1, 1], 9),
                          (I.randn(0, 3), [1, 1], 1.0), (I.randn(2, 2), [0, 0], 0), (I.randn(2, 3), [1, 0], float("-inf"))):
        cases.append(Case("aten::constant_pad_nd.out", [x, pad, value]))
    return cases


def fills(I):
    cases = []
    for size, value, dtype in (([2, 3], 1.5, F32), ([4], 3, I64), ([2, 0, 3], 1.0, F32), ([], -2, I32), ([3, 2], True, BOOL),
                               ([2, 2], float("nan"), F32), ([5], 2.5, F16), ([3], -7, I8)):
        cases.append(Case("aten::full.out", [size, value], out_dtypes=[dtype]))
    for size, dtype in (([2, 3], F32), ([4, 1], I64), ([0], F32), ([], BOOL), ([2, 3, 2, 2], U8)):
        cases.append(Case("aten::zeros.out", [size], out_dtypes=[dtype]))
        cases.append(Case("aten::ones.out", [size], out_dtypes=[dtype]))
    for x in (I.randn(3, 4), I.randint(0, 5, 2, 2, dtype=I32), I.randn(2, 3, 2, 2, channels_last=True), I.randn(0, 2), I.bools(3)):
        cases.append(Case("aten::zeros_like.out", [x]))
        cases.append(Case("aten::ones_like.out", [x]))
        cases.append(Case("aten::full_like.out", [x, 1 if x.dtype == BOOL else 3]))
    cases.append(Case("aten::full_like.out", [I.randn(2, 3), 0.25], out_dtypes=[F32]))
    cases.append(Case("aten::full_like.out", [I.randn(2, 3), 2], out_dtypes=[I64]))
    for value, dtype in ((1.5, F32), (3, I64), (True, BOOL), (-2, F32), (7, I32)):
        cases.append(Case("aten::scalar_tensor.out", [value], out_dtypes=[dtype]))
    for end, dtype in ((5, I64), (4.5, F32), (0, I64), (3, F32), (10, I32)):
        cases.append(Case("aten::arange.out", [end], out_dtypes=[dtype]))
    for start, end, step, dtype in ((1, 10, 3, I64), (0.5, 2.0, 0.25, F32), (10, 0, -3, I64), (-1.0, 1.0, 0.1, F32),
                                    (3, 3, 1, I64), (0, 5, 1, F32), (2, -5, -1.5, F32)):
        cases.append(Case("aten::arange.start_out", [start, end, step], out_dtypes=[dtype]))
    for size, order in (([2, 3], None), ([1, 3, 2, 2], [0, 2, 3, 1]), ([0, 4], None)):
        cases.append(Case("dim_order_ops::_empty_dim_order.out", [size], {"dim_order": order}, ref=empty_reference,
                          compare="shape", out_channels_last=order is not None))
    return cases


GROUPS = {
    "casts": casts,
    "shapes": shapes,
    "slicing": slicing,
    "indexing": indexing,
    "padding": padding,
    "fills": fills,
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_layout_and_indexing(group):
    run_cases(GROUPS[group](Inputs(seed=200 + sorted(GROUPS).index(group))))


def test_every_registered_operator_has_differential_cases(repo_root):
    covered = set()
    for module in (test_portable_ops, test_portable_ops_nn):
        for make in module.GROUPS.values():
            covered.update(c.op for c in make(Inputs(seed=0)))
    for make in GROUPS.values():
        covered.update(c.op for c in make(Inputs(seed=0)))
    registered = registered_ops(repo_root)
    assert len(registered) > 140
    missing = sorted(set(registered) - covered)
    assert not missing, f"operators without differential cases: {missing}"


# --- bad input: InvalidArgument with a log line naming the operator ---------------------------------

@pytest.mark.parametrize("case, dtypes, shapes, match", [
    (Case("aten::add.out", [torch.zeros(2, 3), torch.zeros(4)]), [F32], [[2, 3]], r"aten::add|add"),
    (Case("aten::mm.out", [torch.zeros(2, 3), torch.zeros(4, 5)]), [F32], [[2, 5]], r"mm"),
    (Case("aten::convolution.out", [torch.zeros(1, 3, 5, 5), torch.zeros(4, 2, 3, 3), None, [1, 1], [0, 0], [1, 1],
                                    False, [0, 0], 1]), [F32], [[1, 4, 3, 3]], r"convolution"),
    (Case("aten::cat.out", [[torch.zeros(2, 3), torch.zeros(2, 4)], 0]), [F32], [[4, 3]], r"cat"),
    (Case("aten::index_select.out", [torch.zeros(3, 4), 0, torch.tensor([3])]), [F32], [[1, 4]], r"index_select"),
    (Case("aten::embedding.out", [torch.zeros(3, 4), torch.tensor([5])]), [F32], [[1, 4]], r"embedding"),
    (Case("aten::view_copy.out", [torch.zeros(2, 3), [4, 2]]), [F32], [[4, 2]], r"view_copy"),
    (Case("aten::add.out", [torch.zeros(3), torch.zeros(3)]), [F32], [[4]], r"add"),
    (Case("aten::add.out", [torch.zeros(3), torch.zeros(3)]), [I64], [[3]], r"add"),
    (Case("aten::gather.out", [torch.zeros(3, 4), 1, torch.tensor([[4]])]), [F32], [[1, 1]], r"gather"),
    (Case("aten::permute_copy.out", [torch.zeros(2, 3), [0, 0]]), [F32], [[2, 2]], r"permute"),
], ids=lambda v: v.op if isinstance(v, Case) else None)
def test_inconsistent_input_is_invalid_argument(case, dtypes, shapes, match):
    expect_failure(case, dtypes, shapes, match)
