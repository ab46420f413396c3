"""Handlers for operators whose ExecuTorch schema is not torch 1.13's (or not in torch 1.13).

Tensors here are logical (sizes order); dim_order only changes memory layout, so the
dim_order copy ops are dtype conversions at this level.
"""

import torch

from .ops import OpCall, register


@register("aten::full_like.out")
def full_like_out(call: OpCall):
    # Two schemas occur: (self, fill_value, *, memory_format, out) in older files, and
    # (self, fill_value, *, dtype, layout, device, pin_memory, memory_format, out).
    if len(call.args) in (4, 5):
        out = 3
    else:
        call.expect_arity(8, 1)
        out = 7
    return {out: torch.full_like(call.args[0], call.args[1], dtype=call.out_dtype(out))}


@register("aten::squeeze_copy.dims_out")
def squeeze_copy_dims_out(call: OpCall):
    # (self, dim[], *, out)
    call.expect_arity(3, 1)
    x, dims = call.args[0], call.args[1]
    rank = max(x.dim(), 1)
    drop = {d % rank for d in dims if x.dim() > 0 and x.shape[d % rank] == 1}
    sizes = [s for i, s in enumerate(x.shape) if i not in drop]
    return {2: x.reshape(sizes).clone()}


@register("aten::_native_batch_norm_legit_no_training.out")
def batch_norm_no_training_out(call: OpCall):
    # (input, weight?, bias?, running_mean, running_var, momentum, eps, *, out0, out1, out2)
    call.expect_arity(10, 3)
    x, weight, bias, mean, var, momentum, eps = call.args[:7]
    y = torch.nn.functional.batch_norm(x, mean, var, weight, bias, training=False, momentum=momentum, eps=eps)
    # out1/out2 (saved mean / inverse std) are empty in inference, as in ATen.
    return {7: y.to(call.out_dtype(7)), 8: torch.empty(0, dtype=call.out_dtype(8)),
            9: torch.empty(0, dtype=call.out_dtype(9))}


@register("dim_order_ops::_to_dim_order_copy.out", "dim_order_ops::_clone_dim_order.out")
def to_dim_order_copy_out(call: OpCall):
    # (self, *, non_blocking, dim_order?, out)
    call.expect_arity(4, 1)
    return {3: call.args[0].to(call.out_dtype(3)).clone()}


@register("dim_order_ops::_empty_dim_order.out")
def empty_dim_order_out(call: OpCall):
    # (size[], *, dim_order?, out): the contents are unspecified; zeros keep runs repeatable.
    call.expect_arity(3, 1)
    return {2: torch.zeros(list(call.args[0]), dtype=call.out_dtype(2))}
