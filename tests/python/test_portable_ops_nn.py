"""kernels/portable against torch.ops.aten: convolution, matrix products, pooling,
normalisation, softmax, resampling and reductions.

Sums of products (convolution, mm/bmm/addmm/linear, sum/mean/cumsum, average
pooling, bilinear resampling) are checked within 1e-5 relative to the magnitude of
their terms (Case.magnitude: the operator on |inputs|), since Wick's blocked,
vectorised summation order differs from ATen's; see portable_op_cases.
"""

import pytest
import torch

from portable_op_cases import Case, Inputs, run_cases

F32, I64, I32, BOOL = torch.float32, torch.int64, torch.int32, torch.bool


def conv(I, x_shape, w_shape, bias=True, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
         transposed=False, output_padding=(0, 0), channels_last=False, label=""):
    x = I.randn(*x_shape, channels_last=channels_last)
    w = I.randn(*w_shape, channels_last=channels_last and len(w_shape) == 4)
    b = I.randn(w_shape[1] * groups if transposed else w_shape[0]) if bias else None
    return Case("aten::convolution.out", [x, w, b, list(stride), list(padding), list(dilation), transposed,
                                          list(output_padding), groups], magnitude=True, label=label)


def convolution(I):
    return [
        conv(I, [1, 3, 9, 9], [8, 3, 3, 3], label="3x3"),
        conv(I, [2, 3, 10, 7], [5, 3, 3, 2], stride=(2, 1), padding=(1, 2), label="stride, asymmetric padding"),
        conv(I, [1, 4, 11, 12], [6, 4, 3, 3], dilation=(2, 3), padding=(2, 1), label="dilation"),
        conv(I, [1, 4, 12, 12], [8, 2, 3, 3], groups=2, padding=(1, 1), label="groups"),
        conv(I, [2, 6, 9, 10], [6, 1, 3, 3], groups=6, padding=(1, 1), stride=(2, 2), label="depthwise"),
        conv(I, [1, 4, 8, 8], [8, 1, 5, 5], groups=4, padding=(2, 2), label="depthwise x2 multiplier"),
        conv(I, [1, 16, 7, 9], [24, 16, 1, 1], label="1x1"),
        conv(I, [2, 16, 7, 9], [24, 16, 1, 1], bias=False, stride=(2, 2), label="1x1 stride 2"),
        conv(I, [1, 3, 30, 31], [16, 3, 7, 7], stride=(2, 2), padding=(3, 3), label="7x7 stride 2"),
        conv(I, [1, 32, 14, 14], [64, 32, 3, 3], padding=(1, 1), label="3x3 wide"),
        conv(I, [1, 5, 17, 19], [10, 5, 3, 3], padding=(1, 1), label="odd widths, 10 channels"),
        conv(I, [1, 6, 23, 21], [12, 2, 5, 5], stride=(2, 2), padding=(2, 2), groups=3, label="5x5 s2 groups 3"),
        conv(I, [1, 8, 16, 40], [20, 8, 3, 3], padding=(2, 2), dilation=(2, 2), label="dilated, wide rows"),
        conv(I, [2, 24, 12, 12], [24, 1, 3, 3], groups=24, padding=(1, 1), stride=(2, 2), bias=False,
             label="depthwise s2 no bias"),
        conv(I, [1, 3, 9, 9], [8, 3, 3, 3], padding=(1, 1), channels_last=True, label="channels-last"),
        conv(I, [1, 8, 6, 6], [8, 1, 3, 3], groups=8, padding=(1, 1), channels_last=True, label="cl depthwise"),
        conv(I, [1, 8, 6, 6], [4, 8, 1, 1], channels_last=True, label="cl 1x1"),
        conv(I, [0, 3, 5, 5], [4, 3, 3, 3], label="empty batch"),
        conv(I, [1, 3, 2, 2], [4, 3, 3, 3], padding=(1, 1), stride=(3, 3), label="kernel larger than input"),
        conv(I, [1, 2, 20], [4, 2, 5], stride=(2,), padding=(2,), dilation=(1,), output_padding=(0,), label="1-d"),
        conv(I, [2, 4, 16], [4, 1, 3], groups=4, stride=(1,), padding=(1,), dilation=(2,), output_padding=(0,),
             label="1-d depthwise"),
        conv(I, [1, 4, 5, 5], [4, 3, 3, 3], transposed=True, label="transposed"),
        conv(I, [2, 4, 5, 6], [4, 2, 3, 3], transposed=True, stride=(2, 2), padding=(1, 1),
             output_padding=(1, 0), label="transposed stride 2 output_padding"),
        conv(I, [1, 4, 5, 5], [4, 1, 3, 3], transposed=True, groups=2, dilation=(2, 2), label="transposed groups"),
        conv(I, [1, 4, 5, 5], [4, 3, 2, 2], transposed=True, stride=(2, 2), channels_last=True,
             label="transposed channels-last"),
    ]


def matmul(I):
    cases = []
    for m, k, n in ((3, 4, 5), (1, 17, 1), (7, 64, 33), (0, 3, 4), (4, 0, 3), (9, 300, 2), (6, 300, 600)):
        cases.append(Case("aten::mm.out", [I.randn(m, k), I.randn(k, n)], magnitude=True))
    cases.append(Case("aten::mm.out", [I.randn(5, 4), I.randn(6, 4).t()], magnitude=True, label="transposed mat2"))
    cases.append(Case("aten::mm.out", [I.randn(3, 2), I.randn(2, 2)]))
    for b, m, k, n in ((2, 3, 4, 5), (1, 1, 9, 1), (3, 8, 16, 7), (0, 2, 2, 2)):
        cases.append(Case("aten::bmm.out", [I.randn(b, m, k), I.randn(b, k, n)], magnitude=True))
    for self_shape, beta, alpha in (([4, 5], 1, 1), ([5], 0.5, 2.0), ([1, 5], 0, 1), ([4, 1], -1, 0.25)):
        x = I.randn(*self_shape)
        if beta == 0:
            x.view(-1)[0] = float("nan")  # beta == 0 ignores self, NaN included
        cases.append(Case("aten::addmm.out", [x, I.randn(4, 3), I.randn(3, 5)], {"beta": beta, "alpha": alpha},
                          magnitude=True))
    for in_shape, out_features, bias in (([3, 8], 5, True), ([2, 4, 8], 6, False), ([8], 3, True), ([0, 4], 2, True),
                                         ([2, 3, 128], 10, True)):
        w = I.randn(out_features, in_shape[-1])
        cases.append(Case("aten::linear.out", [I.randn(*in_shape), w, I.randn(out_features) if bias else None],
                          magnitude=True))
    return cases


def pooling(I):
    cases = []
    for x, kernel, stride, padding, dilation, ceil in (
            (I.randn(1, 2, 8, 8, special=True), [2, 2], [2, 2], [0, 0], [1, 1], False),
            (I.randn(2, 3, 9, 7), [3, 3], [2, 2], [1, 1], [1, 1], False),
            (I.randn(1, 2, 9, 9), [3, 2], [2, 3], [1, 1], [1, 1], True),
            (I.randn(1, 2, 10, 10), [3, 3], [1, 1], [0, 0], [2, 2], False),
            (I.randn(1, 4, 7, 7, channels_last=True), [3, 3], [2, 2], [1, 1], [1, 1], True),
            (I.randn(1, 2, 5, 5) - 100, [2, 2], [], [1, 1], [1, 1], False),
            (I.randn(3, 6, 6), [2, 2], [2, 2], [0, 0], [1, 1], False),
            (I.randn(0, 2, 4, 4), [2, 2], [2, 2], [0, 0], [1, 1], False)):
        cases.append(Case("aten::max_pool2d_with_indices.out", [x, kernel, stride, padding, dilation, ceil],
                          out_dtypes=[F32, I64]))
    for x, kernel, stride, padding, ceil, include_pad, divisor in (
            (I.randn(1, 2, 8, 8), [2, 2], [2, 2], [0, 0], False, True, None),
            (I.randn(2, 3, 9, 7), [3, 3], [2, 2], [1, 1], False, True, None),
            (I.randn(2, 3, 9, 7), [3, 3], [2, 2], [1, 1], False, False, None),
            (I.randn(1, 2, 9, 10), [3, 2], [2, 3], [1, 1], True, True, None),
            (I.randn(1, 2, 9, 10), [3, 2], [2, 3], [1, 1], True, False, None),
            (I.randn(1, 2, 6, 6), [3, 3], [1, 1], [1, 1], False, True, 5),
            (I.randn(1, 4, 7, 7, channels_last=True), [3, 3], [2, 2], [1, 1], True, False, None),
            (I.randn(3, 5, 5, special=True), [2, 2], [], [0, 0], False, True, None),
            (I.randn(0, 2, 4, 4), [2, 2], [2, 2], [0, 0], False, True, None)):
        cases.append(Case("aten::avg_pool2d.out", [x, kernel, stride, padding, ceil, include_pad, divisor],
                          magnitude=True))
    for shape, out_size, cl in (([1, 3, 7, 7], [1, 1], False), ([2, 3, 10, 9], [3, 4], False),
                                ([1, 4, 5, 5], [7, 7], False), ([1, 8, 6, 6], [1, 1], True), ([3, 8, 8], [2, 3], False),
                                ([1, 2, 6, 6], [6, 6], False)):
        cases.append(Case("aten::_adaptive_avg_pool2d.out", [I.randn(*shape, channels_last=cl), out_size],
                          magnitude=True))
    return cases


def resampling(I):
    cases = []
    for shape, size, scales, cl in (([1, 2, 4, 5], [8, 10], None, False), ([2, 3, 5, 5], [7, 3], None, False),
                                    ([1, 2, 3, 4], None, [2.0, 3.0], False), ([1, 2, 6, 6], None, [0.5, 0.5], False),
                                    ([1, 3, 4, 4], [8, 8], None, True), ([1, 2, 5, 3], None, [1.7, 2.3], False)):
        x = I.randn(*shape, channels_last=cl)
        cases.append(Case("aten::upsample_nearest2d.vec_out", [x, size, scales]))
        for align in (False, True):
            cases.append(Case("aten::upsample_bilinear2d.vec_out", [x, size, align, scales], magnitude=True))
    return cases


def softmax(I):
    cases = []
    for op in ("aten::_softmax.out", "aten::_log_softmax.out"):
        for x, dim in ((I.randn(3, 7, scale=3), 1), (I.randn(3, 7, scale=3), 0), (I.randn(2, 3, 4, 5), -3),
                       (I.randn(2, 3, 4, 4, channels_last=True), 1), (I.randn(4, 1000, scale=5), 1),
                       (torch.tensor([[1.0, float("-inf"), 2.0], [float("-inf")] * 3]), 1),
                       (torch.tensor([[1.0, float("nan"), 2.0]]), 1), (I.randn(0, 3), 1), (I.randn(5), 0),
                       (torch.tensor([[80.0, 90.0, -80.0]]), 1)):
            cases.append(Case(op, [x, dim, False]))
    return cases


def normalisation(I):
    cases = []
    for x, shape, affine in ((I.randn(2, 3, 8), [8], True), (I.randn(4, 5, 6), [5, 6], True), (I.randn(3, 16), [16], False),
                             (I.randn(2, 4, 3, 3, channels_last=True), [3, 3], True), (I.randn(0, 4), [4], True),
                             (I.randn(2, 5) * 100 + 1000, [5], True)):
        w = I.randn(*shape) if affine else None
        b = I.randn(*shape) if affine else None
        cases.append(Case("aten::native_layer_norm.out", [x, shape, w, b, 1e-5]))
    bn = []
    for shape, cl, affine in (([2, 3, 4, 5], False, True), ([2, 4, 3, 3], True, True), ([3, 6], False, False),
                              ([2, 3, 7], False, True), ([0, 3, 2, 2], False, True)):
        c = shape[1]
        bn.append((I.randn(*shape, channels_last=cl), I.randn(c) if affine else None, I.randn(c) if affine else None,
                   I.randn(c), I.rand(c, low=0.5, high=2.0)))
    for x, w, b, mean, var in bn:
        cases.append(Case("aten::_native_batch_norm_legit_no_training.out", [x, w, b, mean, var, 0.1, 1e-5],
                          ref=batch_norm_reference))
        if x.numel() == 0:
            continue  # torch 1.13's native_batch_norm dies (SIGFPE) on an empty input
        # torch 1.13 has no CPU kernel for native_batch_norm.out: the functional op is the reference.
        cases.append(Case("aten::native_batch_norm.out", [x, w, b, mean, var, False, 0.1, 1e-5],
                          ref=lambda *a: list(torch.ops.aten.native_batch_norm.default(*a))))
    for shape, groups, affine, cl in (([2, 6, 4, 4], 3, True, False), ([1, 4, 5], 2, False, False),
                                      ([3, 8, 2, 3], 8, True, False), ([2, 6, 3, 3], 1, True, True)):
        n, c = shape[0], shape[1]
        hw = 1
        for s in shape[2:]:
            hw *= s
        cases.append(Case("aten::native_group_norm.out",
                          [I.randn(*shape, channels_last=cl), I.randn(c) if affine else None,
                           I.randn(c) if affine else None, n, c, hw, groups, 1e-5]))
    return cases


def batch_norm_reference(x, weight, bias, mean, var, momentum, eps):
    y = torch.nn.functional.batch_norm(x, mean, var, weight, bias, training=False, momentum=momentum, eps=eps)
    return [y.contiguous(memory_format=torch.channels_last) if x.dim() == 4 and not x.is_contiguous() else y,
            torch.empty(0), torch.empty(0)]


REDUCTION_INPUTS = [([3, 4, 5], False), ([2, 3, 4, 4], True), ([6], False), ([0, 3], False), ([4, 1, 3], False)]


def reduction_inputs(I, dtype=F32, special=False):
    out = []
    for shape, cl in REDUCTION_INPUTS:
        if dtype.is_floating_point:
            out.append(I.randn(*shape, dtype=dtype, channels_last=cl, special=special))
        else:
            out.append(I.randint(-9, 10, *shape, dtype=dtype, channels_last=cl))
    return out


def dims_for(x):
    if x.dim() == 1:
        return [[0], [-1], None, []]
    return [[1], [0, -1], None, [-1], []]


def reductions(I):
    cases = []
    for x in reduction_inputs(I) + reduction_inputs(I, special=True)[:2]:
        for dims in dims_for(x):
            for keepdim in (False, True):
                cases.append(Case("aten::sum.IntList_out", [x, dims, keepdim], magnitude=True))
                cases.append(Case("aten::mean.out", [x, dims, keepdim], magnitude=True))
    for x in reduction_inputs(I, I64) + reduction_inputs(I, I32)[:2]:
        cases.append(Case("aten::sum.IntList_out", [x, [0], True], out_dtypes=[I64]))
        cases.append(Case("aten::sum.IntList_out", [x, None, False], {"dtype": F32}, out_dtypes=[F32], magnitude=True))
    cases.append(Case("aten::sum.IntList_out", [I.bools(4, 5), [1]], out_dtypes=[I64]))
    cases.append(Case("aten::mean.out", [I.randint(-9, 9, 4, 5), [1]], {"dtype": F32}, out_dtypes=[F32],
                      magnitude=True))
    cases.append(Case("aten::mean.out", [I.randn(3, 1000), [1], False], magnitude=True))
    for op in ("aten::amax.out", "aten::amin.out"):
        for x in reduction_inputs(I, special=True) + reduction_inputs(I, I64)[:3]:
            for dims in dims_for(x):
                if x.numel() == 0 and dims != [1] and dims != [-1]:
                    continue  # reducing a size-0 dimension has no identity: an error in PyTorch
                cases.append(Case(op, [x, dims or [], True]))
                cases.append(Case(op, [x, dims or [], False]))
        cases.append(Case(op, [I.bools(3, 4), [1]]))
    for op in ("aten::argmax.out", "aten::argmin.out"):
        for x in reduction_inputs(I, special=True)[:3] + reduction_inputs(I, I32)[:2]:
            for dim in (None, 0, -1):
                cases.append(Case(op, [x, dim, False], out_dtypes=[I64]))
                cases.append(Case(op, [x, dim, True], out_dtypes=[I64]))
        # Ties: the first occurrence wins.
        cases.append(Case(op, [torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0]]), 1, False], out_dtypes=[I64]))
    for name in ("max", "min"):
        op = f"aten::{name}.dim_{name}"
        for x in reduction_inputs(I, special=True)[:3] + reduction_inputs(I, I64)[:2]:
            for dim in (0, -1):
                for keepdim in (False, True):
                    cases.append(Case(op, [x, dim, keepdim], out_dtypes=[x.dtype, I64]))
        cases.append(Case(op, [torch.tensor([[1.0, 3.0, 3.0, 0.0], [0.0, 0.0, -1.0, -1.0]]), 1], out_dtypes=[F32, I64]))
    for x in reduction_inputs(I)[:4]:
        for dims in dims_for(x)[:3]:
            if x.numel() == 0:
                continue
            for correction in (0, 1, 2):
                cases.append(Case("aten::var.correction_out", [x, dims], {"correction": correction, "keepdim": True}))
                cases.append(Case("aten::std.correction_out", [x, dims], {"correction": correction}))
            for unbiased in (False, True):
                cases.append(Case("aten::var.out", [x, dims, unbiased, False]))
                cases.append(Case("aten::std.out", [x, dims, unbiased, True]))
    cases.append(Case("aten::var.correction_out", [I.randn(4, 3) * 10 + 1000, [0]], {"correction": 1},
                      label="large mean"))
    for x in reduction_inputs(I)[:4] + reduction_inputs(I, I64)[:2]:
        for dim in (0, -1):
            cases.append(Case("aten::cumsum.out", [x, dim], out_dtypes=[x.dtype], magnitude=True))
    cases.append(Case("aten::cumsum.out", [I.randint(-5, 5, 3, 4, dtype=I32), 1], {"dtype": F32}, out_dtypes=[F32]))
    cases.append(Case("aten::cumsum.out", [I.bools(6), 0], out_dtypes=[I64]))
    cases.append(Case("aten::cumsum.out", [torch.tensor([1.0, float("inf"), 2.0, float("nan"), 3.0]), 0]))
    for x in (I.rand(3, 4, low=0.5, high=1.5), I.randint(-3, 4, 2, 3, 2), I.rand(2, 3, 2, 2, channels_last=True, low=-2,
                                                                                  high=2)):
        for dim in (0, -1):
            cases.append(Case("aten::prod.int_out", [x, dim, dim == 0], out_dtypes=[I64 if not x.is_floating_point()
                                                                                     else F32]))
        cases.append(Case("aten::prod.out", [x], out_dtypes=[I64 if not x.is_floating_point() else F32]))
    cases.append(Case("aten::prod.out", [I.randn(0, 3)]))
    cases.append(Case("aten::prod.int_out", [I.randint(-3, 4, 4, dtype=I32), 0], {"dtype": I32}, out_dtypes=[I32]))
    for x in reduction_inputs(I, special=False)[:3] + [torch.tensor([[1.0, float("-inf")], [float("inf"), 2.0],
                                                                      [float("-inf")] * 2, [100.0, 100.0]])]:
        for dims in ([1], [0, -1], [-1]) if x.dim() > 1 else ([0],):
            cases.append(Case("aten::logsumexp.out", [x, dims, False]))
    cases.append(Case("aten::logsumexp.out", [I.randn(3, 4), [1], True]))
    for x in (I.bools(3, 4), I.randint(0, 2, 2, 3, dtype=I32), torch.zeros(3, 2), I.randn(2, 2, special=True),
              I.bools(0, 3), I.bools(2, 3, 2, 2).contiguous(memory_format=torch.channels_last)):
        cases.append(Case("aten::any.all_out", [x], out_dtypes=[BOOL]))
        cases.append(Case("aten::all.all_out", [x], out_dtypes=[BOOL]))
        for dims, keepdim in (([0], False), ([0, -1], True), (None, False), ([-1], False)):
            cases.append(Case("aten::any.dims_out", [x, dims, keepdim], ref=any_dims_reference))
    return cases


def any_dims_reference(x, dims, keepdim):
    """aten::any.dims (newer than torch 1.13): any over each listed dimension (all when None or [])."""
    result = x.bool()
    for d in sorted([d % max(x.dim(), 1) for d in (range(x.dim()) if not dims else dims)], reverse=True):
        result = result.any(dim=d, keepdim=keepdim)
    return [result]


GROUPS = {
    "convolution": convolution,
    "matmul": matmul,
    "pooling": pooling,
    "resampling": resampling,
    "softmax": softmax,
    "normalisation": normalisation,
    "reductions": reductions,
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_nn_and_reductions(group):
    run_cases(GROUPS[group](Inputs(seed=100 + sorted(GROUPS).index(group))))
