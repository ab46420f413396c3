"""Encoding of the schema dataclasses (see fields.py) with python3-flatbuffers' Builder."""

import dataclasses
from typing import Dict

import flatbuffers
from flatbuffers import number_types as N

from .fields import Blob, Scalar, Str, TableRef, Union, Vector, layout, slot_count

_BUILDER_FLAGS = {
    "b": N.Int8Flags, "B": N.Uint8Flags, "h": N.Int16Flags, "H": N.Uint16Flags,
    "i": N.Int32Flags, "I": N.Uint32Flags, "q": N.Int64Flags, "Q": N.Uint64Flags,
    "?": N.BoolFlags, "f": N.Float32Flags, "d": N.Float64Flags,
}


def _prepend_blob(builder: flatbuffers.Builder, data: bytes, align: int) -> int:
    n = len(data)
    builder.StartVector(1, n, max(align, 1))
    builder.head = builder.head - n
    builder.Bytes[builder.head:builder.head + n] = data
    return builder.EndVector()


def _write_vector(builder: flatbuffers.Builder, items: list, elem) -> int:
    if isinstance(elem, Scalar):
        flags = _BUILDER_FLAGS[elem.fmt]
        builder.StartVector(elem.size, len(items), elem.size)
        for v in reversed(items):
            builder.Prepend(flags, _plain_number(elem.fmt, v))
        return builder.EndVector()
    if isinstance(elem, Str):
        offsets = [builder.CreateString(s) for s in items]
    else:
        offsets = [write_table(builder, item) for item in items]
    builder.StartVector(4, len(offsets), 4)
    for off in reversed(offsets):
        builder.PrependUOffsetTRelative(off)
    return builder.EndVector()


def _plain_number(fmt: str, value):
    if fmt == "?":
        return bool(value)
    if fmt in "fd":
        return float(value)
    return int(value)


def write_table(builder: flatbuffers.Builder, obj) -> int:
    cls = type(obj)
    entries = layout(cls)
    children: Dict[str, int] = {}
    for name, desc, _ in entries:
        value = getattr(obj, name)
        if isinstance(desc, Scalar) or value is None:
            continue
        if isinstance(desc, Str):
            children[name] = builder.CreateString(value)
        elif isinstance(desc, TableRef):
            children[name] = write_table(builder, value)
        elif isinstance(desc, Union):
            if type(value) not in desc.members:
                raise TypeError(f"{cls.__name__}.{name}: {type(value).__name__} is not a member of the union")
            children[name] = write_table(builder, value)
        elif isinstance(desc, Blob):
            children[name] = _prepend_blob(builder, bytes(value), desc.align)
        elif isinstance(desc, Vector):
            children[name] = _write_vector(builder, list(value), desc.elem)

    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    builder.StartObject(slot_count(cls))
    # Widest scalars first keeps the table compact; offsets are 4 bytes wide.
    ordered = sorted(entries, key=lambda e: -(e[1].size if isinstance(e[1], Scalar) else 4))
    for name, desc, slot in ordered:
        value = getattr(obj, name)
        if isinstance(desc, Scalar):
            if value is None or value == defaults[name]:
                continue
            builder.Prepend(_BUILDER_FLAGS[desc.fmt], _plain_number(desc.fmt, value))
            builder.Slot(slot)
        elif name in children:
            builder.PrependUOffsetTRelativeSlot(slot if not isinstance(desc, Union) else slot + 1, children[name], 0)
    for name, desc, slot in entries:
        if isinstance(desc, Union) and name in children:
            tag = desc.members.index(type(getattr(obj, name))) + 1
            builder.PrependUint8Slot(slot, tag, 0)
    return builder.EndObject()


def write_root(obj, identifier: bytes) -> bytes:
    builder = flatbuffers.Builder(1024)
    root = write_table(builder, obj)
    builder.Finish(root, file_identifier=identifier)
    return bytes(builder.Output())
