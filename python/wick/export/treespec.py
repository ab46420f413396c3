"""Serialize a torch pytree TreeSpec to the JSON form ExecuTorch writes in ContainerMetadata.

Format (protocol 1): ``[1, node]`` with ``node = {"type": ..., "context": ...,
"children_spec": [...]}``; a leaf is ``{"type": null, "context": null,
"children_spec": []}``; tuple/list contexts are the JSON string ``"null"``,
a dict's context is the JSON-encoded list of its keys.
"""

from __future__ import annotations

import json

import torch.utils._pytree as pytree

_TYPE_NAMES = {tuple: "builtins.tuple", list: "builtins.list", dict: "builtins.dict"}


def _node(spec) -> dict:
    if isinstance(spec, pytree.LeafSpec):
        return {"type": None, "context": None, "children_spec": []}
    if spec.type in _TYPE_NAMES:
        type_name = _TYPE_NAMES[spec.type]
        context = json.dumps(list(spec.context)) if spec.type is dict else "null"
    elif isinstance(spec.context, type) and issubclass(spec.context, tuple):  # namedtuple
        type_name = "collections.namedtuple"
        context = json.dumps(f"{spec.context.__module__}.{spec.context.__qualname__}")
    else:
        raise TypeError(f"cannot serialize a pytree node of type {spec.type!r}")
    return {"type": type_name, "context": context, "children_spec": [_node(c) for c in spec.children_specs]}


def treespec_dumps(spec: pytree.TreeSpec) -> str:
    return json.dumps([1, _node(spec)])
