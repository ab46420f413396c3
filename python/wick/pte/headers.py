"""The headers that ExecuTorch files place at byte 8, right after the flatbuffer identifier.

* `eh00` (`.pte`, pte-format.md §1.1): length 24 (older) or 32 (with segment_data_size).
* `FH01` (`.ptd`, pte-format.md §1.4): length 40.
Both are padded to 16 bytes when inserted, and the flatbuffer root offset at bytes 0..3
grows by the padded length. Readers accept longer headers and ignore unknown fields.
"""

import struct
from dataclasses import dataclass
from typing import Optional

from .fields import PteFormatError

HEADER_OFFSET = 8
PTE_HEADER_MAGIC = b"eh00"
PTE_HEADER_LENGTH = 32
PTE_HEADER_MIN_LENGTH = 24
PTD_HEADER_MAGIC = b"FH01"
PTD_HEADER_LENGTH = 40
HEADER_PADDING = 16  # largest force_align of the ET12 schema


def align_up(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


@dataclass
class ExtendedHeader:
    """`eh00`. segment_data_size is None for a length-24 header."""
    length: int
    program_size: int
    segment_base_offset: int
    segment_data_size: Optional[int] = None

    @staticmethod
    def parse(data) -> Optional["ExtendedHeader"]:
        """The header of a .pte, or None when bytes 8..11 are not the magic."""
        if len(data) < HEADER_OFFSET + 8 or bytes(data[8:12]) != PTE_HEADER_MAGIC:
            return None
        length = struct.unpack_from("<I", data, 12)[0]
        if length < PTE_HEADER_MIN_LENGTH:
            raise PteFormatError(f"eh00 header length {length} is below the minimum {PTE_HEADER_MIN_LENGTH}")
        if len(data) < HEADER_OFFSET + length:
            raise PteFormatError(f"eh00 header of length {length} is truncated ({len(data)}-byte file)")
        program_size, base = struct.unpack_from("<QQ", data, 16)
        data_size = struct.unpack_from("<Q", data, 32)[0] if length >= 32 else None
        return ExtendedHeader(length, program_size, base, data_size)

    def encode(self) -> bytes:
        """The padded header region (length 32, or 24 when segment_data_size is None)."""
        if self.segment_data_size is None:
            raw = PTE_HEADER_MAGIC + struct.pack("<IQQ", 24, self.program_size, self.segment_base_offset)
        else:
            raw = PTE_HEADER_MAGIC + struct.pack("<IQQQ", 32, self.program_size, self.segment_base_offset,
                                                 self.segment_data_size)
        return raw.ljust(align_up(len(raw), HEADER_PADDING), b"\0")


@dataclass
class FlatTensorHeader:
    """`FH01` of a .ptd."""
    length: int
    flatbuffer_offset: int
    flatbuffer_size: int
    segment_base_offset: int
    segment_data_size: int

    @staticmethod
    def parse(data) -> Optional["FlatTensorHeader"]:
        if len(data) < HEADER_OFFSET + 8 or bytes(data[8:12]) != PTD_HEADER_MAGIC:
            return None
        length = struct.unpack_from("<I", data, 12)[0]
        if length < PTD_HEADER_LENGTH or len(data) < HEADER_OFFSET + length:
            raise PteFormatError(f"FH01 header length {length} is invalid for a {len(data)}-byte file")
        fields = struct.unpack_from("<QQQQ", data, 16)
        return FlatTensorHeader(length, *fields)

    def encode(self) -> bytes:
        raw = PTD_HEADER_MAGIC + struct.pack("<IQQQQ", PTD_HEADER_LENGTH, self.flatbuffer_offset,
                                             self.flatbuffer_size, self.segment_base_offset,
                                             self.segment_data_size)
        return raw.ljust(align_up(len(raw), HEADER_PADDING), b"\0")


def insert_header(flatbuffer: bytes, header_region: bytes) -> bytes:
    """Places a padded header at byte 8 and moves the root offset past it."""
    root = struct.unpack_from("<I", flatbuffer, 0)[0] + len(header_region)
    return struct.pack("<I", root) + flatbuffer[4:8] + header_region + flatbuffer[8:]
