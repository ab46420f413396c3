"""Bounds-checked decoding of a flatbuffer into the schema dataclasses (see fields.py)."""

import struct
from typing import Any, Dict, Tuple

from .fields import Blob, PteFormatError, Scalar, Str, TableRef, Union, Vector, layout


class Reader:
    """Bounds-checked little-endian access to a flatbuffer held in `data`."""

    def __init__(self, data):
        self.buf = memoryview(data).cast("B")
        self.size = len(self.buf)

    def unpack(self, fmt: str, pos: int):
        n = struct.calcsize("<" + fmt)
        if pos < 0 or pos + n > self.size:
            raise PteFormatError(f"read of {n} bytes at offset {pos} is outside the {self.size}-byte buffer")
        return struct.unpack_from("<" + fmt, self.buf, pos)[0]

    def deref(self, pos: int) -> int:
        """Follows the uoffset stored at pos."""
        return pos + self.unpack("I", pos)

    def vector_span(self, pos: int, elem_size: int) -> Tuple[int, int]:
        start = self.deref(pos)
        count = self.unpack("I", start)
        begin = start + 4
        if begin + count * elem_size > self.size:
            raise PteFormatError(f"vector of {count}x{elem_size} bytes at offset {begin} overruns the buffer")
        return begin, count

    def field_offset(self, table_pos: int, slot: int) -> int:
        vtable = table_pos - self.unpack("i", table_pos)
        vtable_len = self.unpack("H", vtable)
        entry = 4 + 2 * slot
        if entry + 2 > vtable_len:
            return 0
        return self.unpack("H", vtable + entry)

    def vtable_slots(self, table_pos: int) -> int:
        vtable = table_pos - self.unpack("i", table_pos)
        return (self.unpack("H", vtable) - 4) // 2

    def string_at(self, pos: int) -> str:
        begin, count = self.vector_span(pos, 1)
        return bytes(self.buf[begin:begin + count]).decode("utf-8", errors="surrogateescape")


def _convert_scalar(desc: Scalar, value):
    if desc.enum_cls is not None:
        try:
            return desc.enum_cls(value)
        except ValueError:
            return value  # a value from a newer schema: keep the number
    return value


def read_table(reader: Reader, pos: int, cls: type):
    values: Dict[str, Any] = {}
    for name, desc, slot in layout(cls):
        if isinstance(desc, Union):
            tag_off = reader.field_offset(pos, slot)
            val_off = reader.field_offset(pos, slot + 1)
            tag = reader.unpack("B", pos + tag_off) if tag_off else 0
            if tag == 0 or not val_off:
                values[name] = None
            elif tag > len(desc.members):
                raise PteFormatError(f"{cls.__name__}.{name}: unknown union tag {tag}")
            else:
                values[name] = read_table(reader, reader.deref(pos + val_off), desc.members[tag - 1])
            continue
        off = reader.field_offset(pos, slot)
        if not off:
            continue  # dataclass default
        at = pos + off
        if isinstance(desc, Scalar):
            values[name] = _convert_scalar(desc, reader.unpack(desc.fmt, at))
        elif isinstance(desc, Str):
            values[name] = reader.string_at(at)
        elif isinstance(desc, TableRef):
            values[name] = read_table(reader, reader.deref(at), desc.cls)
        elif isinstance(desc, Blob):
            begin, count = reader.vector_span(at, 1)
            values[name] = bytes(reader.buf[begin:begin + count])
        elif isinstance(desc, Vector):
            values[name] = _read_vector(reader, at, desc.elem)
        else:
            raise TypeError(desc)
    return cls(**values)


def _read_vector(reader: Reader, at: int, elem) -> list:
    if isinstance(elem, Scalar):
        begin, count = reader.vector_span(at, elem.size)
        items = struct.unpack_from(f"<{count}{elem.fmt}", reader.buf, begin)
        return [_convert_scalar(elem, v) for v in items]
    begin, count = reader.vector_span(at, 4)
    if isinstance(elem, Str):
        return [reader.string_at(begin + 4 * i) for i in range(count)]
    return [read_table(reader, reader.deref(begin + 4 * i), elem.cls) for i in range(count)]


def read_root(data, cls: type, identifier: bytes):
    reader = Reader(data)
    if reader.size < 8:
        raise PteFormatError(f"{reader.size} bytes is too short for a flatbuffer")
    found = bytes(reader.buf[4:8])
    if found != identifier:
        raise PteFormatError(f"file identifier is {found!r}, expected {identifier!r}")
    return read_table(reader, reader.deref(0), cls)
