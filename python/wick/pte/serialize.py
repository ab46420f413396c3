"""Writing and reading `.pte` (ET12), `.bpte` (BP08) and `.ptd` (FT01) files.

File layout written by `serialize_pte` (pte-format.md §1):
    [root offset][ET12][eh00 header, 32 bytes][flatbuffer body]
    [zero pad to segment_base_offset = align_up(program_size, segment_alignment)]
    [segment 0][pad][segment 1]...            each segment start aligned
The `eh00` header is present only when the segments hold at least one byte.
"""

import dataclasses
from typing import List, Sequence, Tuple

from . import bundled_schema as bp
from . import flat_tensor_schema as ft
from .fields import PteFormatError
from .reader import Reader, read_root, read_table
from .writer import write_root
from .files import PtdFile, PteFile
from .headers import ExtendedHeader, FlatTensorHeader, align_up, insert_header
from .schema import FILE_IDENTIFIER, DataSegment, Program

DEFAULT_SEGMENT_ALIGNMENT = 128
DEFAULT_CONSTANT_ALIGNMENT = 16
PTD_SEGMENT_ALIGNMENT = 16


def _layout_segments(segments: Sequence[bytes], alignment: int) -> List[DataSegment]:
    """Offsets relative to the first segment; every start aligned, empty ones included."""
    placed = []
    cursor = 0
    for blob in segments:
        cursor = align_up(cursor, alignment)
        placed.append(DataSegment(offset=cursor, size=len(blob)))
        cursor += len(blob)
    return placed


def _append_segments(head: bytes, base: int, placed: List[DataSegment], segments: Sequence[bytes]) -> bytes:
    out = bytearray(head)
    out.extend(b"\0" * (base - len(out)))
    for seg, blob in zip(placed, segments):
        out.extend(b"\0" * (base + seg.offset - len(out)))
        out.extend(blob)
    return bytes(out)


def serialize_pte(program: Program, segments: Sequence[bytes], *,
                  segment_alignment: int = DEFAULT_SEGMENT_ALIGNMENT) -> bytes:
    """The bytes of a `.pte` holding `program` and `segments`.

    `program.segments` of the written file is computed from `segments` (the argument
    object is not modified). Indices into the segment list (constant_segment,
    mutable_data_segments, named_data, SEGMENT delegates) are the caller's to set.
    """
    if segment_alignment <= 0 or segment_alignment & (segment_alignment - 1):
        raise ValueError(f"segment_alignment must be a power of two, got {segment_alignment}")
    segments = [bytes(s) for s in segments]
    placed = _layout_segments(segments, segment_alignment)
    flatbuffer = write_root(dataclasses.replace(program, segments=placed), FILE_IDENTIFIER)
    data_size = placed[-1].offset + placed[-1].size if placed else 0
    if sum(len(s) for s in segments) == 0:
        return flatbuffer
    region_len = len(ExtendedHeader(32, 0, 0, 0).encode())
    program_size = len(flatbuffer) + region_len
    base = align_up(program_size, segment_alignment)
    header = ExtendedHeader(32, program_size, base, data_size)
    head = insert_header(flatbuffer, header.encode())
    return _append_segments(head, base, placed, segments)


def pack_constants(tensors_bytes: Sequence[bytes],
                   alignment: int = DEFAULT_CONSTANT_ALIGNMENT) -> Tuple[bytes, List[int]]:
    """The constant segment and its `SubsegmentOffsets.offsets` (pte-format.md §1.2).

    offsets[0] is the placeholder 0 reserved for "not a constant", so tensor i of the
    input is `data_buffer_idx = i + 1`. Each tensor starts at a multiple of `alignment`;
    the last one is not padded.
    """
    out = bytearray()
    offsets = [0]
    for blob in tensors_bytes:
        out.extend(b"\0" * (align_up(len(out), alignment) - len(out)))
        offsets.append(len(out))
        out.extend(bytes(blob))
    return bytes(out), offsets


def deserialize_pte(data) -> PteFile:
    """Decodes a `.pte` (no header, `eh00` of length 24 or 32)."""
    view = memoryview(data).cast("B")
    if len(view) < 8:
        raise PteFormatError(f"{len(view)} bytes is too short for an ExecuTorch program")
    identifier = bytes(view[4:8])
    if identifier != FILE_IDENTIFIER:
        if identifier[:2] == b"ET":
            raise PteFormatError(f"unsupported program format version {identifier!r} (expected {FILE_IDENTIFIER!r})")
        raise PteFormatError(f"not an ExecuTorch program: identifier {identifier!r} at bytes 4..7")
    header = ExtendedHeader.parse(view)
    if header is not None and header.program_size > len(view):
        raise PteFormatError(f"eh00 program_size {header.program_size} exceeds the {len(view)}-byte file")
    program = read_root(view, Program, FILE_IDENTIFIER)
    return PteFile(program=program, data=view, header=header)


def serialize_bundled(bundled: bp.BundledProgram) -> bytes:
    """The bytes of a `.bpte`; `bundled.program` holds a complete `.pte` file."""
    return write_root(bundled, bp.FILE_IDENTIFIER)


def deserialize_bundled(data) -> bp.BundledProgram:
    """Decodes a `.bpte`; pass `.program` to `deserialize_pte` for the embedded program."""
    return read_root(memoryview(data).cast("B"), bp.BundledProgram, bp.FILE_IDENTIFIER)


def deserialize_ptd(data) -> PtdFile:
    """Decodes a `.ptd` in either FT01 table layout (pte-format.md §1.4)."""
    view = memoryview(data).cast("B")
    if len(view) < 8 or bytes(view[4:8]) != ft.FILE_IDENTIFIER:
        raise PteFormatError("not a FlatTensor (.ptd) file: identifier is not 'FT01'")
    header = FlatTensorHeader.parse(view)
    if header is None:
        raise PteFormatError("FT01 file without the FH01 header")
    reader = Reader(view)
    root = reader.deref(0)
    cls = ft.LegacyFlatTensor if reader.vtable_slots(root) >= 4 else ft.FlatTensor
    return PtdFile(flat_tensor=read_table(reader, root, cls), data=view, header=header)


def serialize_ptd(flat_tensor: ft.FlatTensor, segments: Sequence[bytes], *,
                  segment_alignment: int = PTD_SEGMENT_ALIGNMENT) -> bytes:
    """The bytes of a layout-B `.ptd`; `flat_tensor.segments` is computed from `segments`."""
    segments = [bytes(s) for s in segments]
    placed = _layout_segments(segments, segment_alignment)
    flatbuffer = write_root(dataclasses.replace(flat_tensor, segments=placed), ft.FILE_IDENTIFIER)
    region_len = len(FlatTensorHeader(0, 0, 0, 0, 0).encode())
    base = align_up(len(flatbuffer) + region_len, segment_alignment)
    data_size = placed[-1].offset + placed[-1].size if placed else 0
    header = FlatTensorHeader(40, region_len, len(flatbuffer), base, data_size)
    return _append_segments(insert_header(flatbuffer, header.encode()), base, placed, segments)
