"""FoldBatchNormPass: fold eval-mode BatchNorm into the convolution or linear before it.

``native_batch_norm(conv(x, W, B), gamma, beta, mean, var, training=False, eps)``
becomes ``conv(x, W * s, (B - mean) * s + beta)`` with ``s = gamma / sqrt(var + eps)``
scaling each output channel; ``addmm(B, x, Wt)`` / ``mm(x, Wt)`` followed by a
BatchNorm1d over its columns becomes ``addmm(B', x, Wt * s)``. Only applies when
weights and statistics are constants and the producer feeds nothing but the
BatchNorm; other BatchNorms stay for BatchNormNoTrainingPass.
"""

from __future__ import annotations

import operator

import torch
from torch.fx import GraphModule, Node

from .base import GraphPass, PassResult
from .graph_utils import add_constant, constant_value, remove_unused_constants

aten = torch.ops.aten


def _bn_parts(graph_module: GraphModule, bn: Node):
    """(producer, scale, shift) when ``bn`` is a foldable eval BatchNorm, else None."""
    x, gamma, beta, mean, var, training = bn.args[:6]
    eps = bn.args[7]
    if training or not isinstance(x, Node) or len(x.users) != 1:
        return None
    mean_v, var_v = constant_value(graph_module, mean), constant_value(graph_module, var)
    if mean_v is None or var_v is None:
        return None
    gamma_v = torch.ones_like(var_v) if gamma is None else constant_value(graph_module, gamma)
    beta_v = torch.zeros_like(var_v) if beta is None else constant_value(graph_module, beta)
    if gamma_v is None or beta_v is None:
        return None
    if any(user.target is not operator.getitem or (user.args[1] != 0 and user.users) for user in bn.users):
        return None
    scale = gamma_v.double() / torch.sqrt(var_v.double() + eps)
    shift = beta_v.double() - mean_v.double() * scale
    return x, scale, shift


def _fold_into_conv(graph_module: GraphModule, conv: Node, scale, shift) -> bool:
    weight = constant_value(graph_module, conv.args[1])
    bias_node = conv.args[2]
    bias = None if bias_node is None else constant_value(graph_module, bias_node)
    if weight is None or (bias_node is not None and bias is None) or conv.args[6]:  # transposed
        return False
    shape = [-1] + [1] * (weight.dim() - 1)
    new_weight = (weight.double() * scale.reshape(shape)).to(weight.dtype)
    base = torch.zeros_like(scale) if bias is None else bias.double()
    new_bias = (base * scale + shift).to(weight.dtype)
    args = list(conv.args)
    args[1] = add_constant(graph_module, new_weight, before=conv, hint="bn_weight")
    args[2] = add_constant(graph_module, new_bias, before=conv, hint="bn_bias")
    conv.args = tuple(args)
    return True


def _fold_into_matmul(graph_module: GraphModule, node: Node, scale, shift) -> bool:
    if node.target is aten.addmm.default:
        bias_node, x, mat2 = node.args[:3]
        if node.kwargs.get("beta", 1) != 1 or node.kwargs.get("alpha", 1) != 1:
            return False
        bias = constant_value(graph_module, bias_node)
        if bias is None:
            return False
    else:
        x, mat2 = node.args[:2]
        bias = None
    weight_t = constant_value(graph_module, mat2)
    if weight_t is None or weight_t.dim() != 2:
        return False
    new_weight = (weight_t.double() * scale.reshape(1, -1)).to(weight_t.dtype)
    base = torch.zeros_like(scale) if bias is None else bias.double().expand_as(scale)
    new_bias = (base * scale + shift).to(weight_t.dtype)
    weight_node = add_constant(graph_module, new_weight, before=node, hint="bn_weight")
    bias_node = add_constant(graph_module, new_bias, before=node, hint="bn_bias")
    node.target = aten.addmm.default
    node.args = (bias_node, x, weight_node)
    node.kwargs = {}
    return True


class FoldBatchNormPass(GraphPass):
    def call(self, graph_module: GraphModule) -> PassResult:
        modified = False
        for bn in list(graph_module.graph.nodes):
            if bn.op != "call_function" or bn.target is not aten.native_batch_norm.default:
                continue
            parts = _bn_parts(graph_module, bn)
            if parts is None:
                continue
            producer, scale, shift = parts
            if producer.target is aten.convolution.default:
                folded = _fold_into_conv(graph_module, producer, scale, shift)
            elif producer.target in (aten.addmm.default, aten.mm.default):
                folded = _fold_into_matmul(graph_module, producer, scale, shift)
            else:
                folded = False
            if not folded:
                continue
            for user in list(bn.users):
                user.replace_all_uses_with(producer)
                graph_module.graph.erase_node(user)
            graph_module.graph.erase_node(bn)
            modified = True
        if modified:
            remove_unused_constants(graph_module)
        return PassResult(graph_module, modified)
