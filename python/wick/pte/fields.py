"""Field descriptors that make a dataclass a flatbuffer table (read by reader.py, written by writer.py).

Each schema dataclass declares its fields with the helpers below (`scalar`, `string`,
`table`, `vector`, `blob`, `union`), in the order of the `.fbs` declaration. A field's
vtable slot is its declaration index; a union takes two slots (type tag, then value),
exactly as flatc lays it out. One generic reader and one generic writer then handle
every table, so the Python tree mirrors the schema one-to-one without generated code.

Conventions:
* an absent table, union or string decodes as None, and None is written as absent;
* an absent vector decodes as an empty list (or b"" for byte blobs); the writer
  writes every vector, even an empty one, except one set to None (written absent);
* scalars equal to their default are omitted by the writer (flatbuffers semantics).
"""

import dataclasses
import enum
import struct
from typing import Any, Dict, List, Optional, Tuple, Type


class PteFormatError(ValueError):
    """The bytes are not a valid file of the expected kind, or refer outside themselves."""


# --- field descriptors -----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Scalar:
    fmt: str  # struct format character: b B h H i I q Q ? f d
    enum_cls: Optional[Type[enum.IntEnum]] = None

    @property
    def size(self) -> int:
        return struct.calcsize("<" + self.fmt)


@dataclasses.dataclass(frozen=True)
class Str:
    pass


@dataclasses.dataclass(frozen=True)
class TableRef:
    cls: type


@dataclasses.dataclass(frozen=True)
class Vector:
    elem: Any  # Scalar, Str or TableRef


@dataclasses.dataclass(frozen=True)
class Blob:
    """A [ubyte] vector handled as `bytes`; `align` is the schema's force_align."""
    align: int = 1


@dataclasses.dataclass(frozen=True)
class Union:
    members: Tuple[type, ...]  # tag i+1 is members[i]; tag 0 is NONE


_KEY = "flatbuffer"



def scalar(fmt: str, default: Any = 0, enum_cls: Optional[Type[enum.IntEnum]] = None):
    if enum_cls is not None:
        default = enum_cls(default)
    elif fmt == "?":
        default = bool(default)
    elif fmt in "fd":
        default = float(default)
    return dataclasses.field(default=default, metadata={_KEY: Scalar(fmt, enum_cls)})


def string():
    return dataclasses.field(default=None, metadata={_KEY: Str()})


def table(cls: type):
    return dataclasses.field(default=None, metadata={_KEY: TableRef(cls)})


def vector(elem: Any):
    """elem: a struct format character, `str`, or a schema dataclass."""
    if isinstance(elem, str) and len(elem) == 1:
        desc = Scalar(elem)
    elif elem is str:
        desc = Str()
    else:
        desc = TableRef(elem)
    return dataclasses.field(default_factory=list, metadata={_KEY: Vector(desc)})


def blob(align: int = 1):
    return dataclasses.field(default=b"", metadata={_KEY: Blob(align)})


def union(*members: type):
    return dataclasses.field(default=None, metadata={_KEY: Union(tuple(members))})


def layout(cls: type) -> List[Tuple[str, Any, int]]:
    """(field name, descriptor, first vtable slot) for each field, in slot order."""
    cached = cls.__dict__.get("_fb_layout")
    if cached is not None:
        return cached
    result = []
    slot = 0
    for f in dataclasses.fields(cls):
        desc = f.metadata.get(_KEY)
        if desc is None:
            raise TypeError(f"{cls.__name__}.{f.name} has no flatbuffer descriptor")
        result.append((f.name, desc, slot))
        slot += 2 if isinstance(desc, Union) else 1
    setattr(cls, "_fb_layout", result)
    return result


def slot_count(cls: type) -> int:
    entries = layout(cls)
    if not entries:
        return 0
    name, desc, slot = entries[-1]
    return slot + (2 if isinstance(desc, Union) else 1)


# --- plain-data view (for printing and for comparing with `flatc --json`) -----------

def to_plain(obj) -> Any:
    """Dict/list/number tree with enum names and `<field>_type` union tags, as flatc prints."""
    if dataclasses.is_dataclass(obj):
        out: Dict[str, Any] = {}
        for name, desc, _ in layout(type(obj)):
            value = getattr(obj, name)
            if isinstance(desc, Union):
                out[name + "_type"] = type(value).__name__ if value is not None else "NONE"
            out[name] = to_plain(value)
        return out
    if isinstance(obj, enum.IntEnum):
        return obj.name
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return list(bytes(obj))
    if isinstance(obj, list):
        return [to_plain(v) for v in obj]
    return obj
