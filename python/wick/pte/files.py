"""Decoded `.pte` and `.ptd` files: the table tree plus access to the bytes it points at.

Every accessor checks the indices and ranges it reads from the file and raises
PteFormatError naming the field when they do not fit.
"""

from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

from . import flat_tensor_schema as ft
from .fields import PteFormatError
from .dtypes import nbytes
from .headers import ExtendedHeader, FlatTensorHeader
from .schema import (BackendDelegate, DataLocation, ExecutionPlan, Program, Tensor,
                     TensorDataLocation)


def _slice(data: memoryview, start: int, size: int, what: str) -> memoryview:
    if start < 0 or size < 0 or start + size > len(data):
        raise PteFormatError(f"{what}: bytes [{start}, {start + size}) are outside the {len(data)}-byte file")
    return data[start:start + size]


@dataclass
class PteFile:
    """A decoded `.pte`: `program` is the schema tree; `data` the whole file."""
    program: Program
    data: memoryview
    header: Optional[ExtendedHeader]

    # --- methods -------------------------------------------------------------------
    @property
    def method_names(self) -> List[str]:
        return [plan.name for plan in self.program.execution_plan]

    def method(self, name: str) -> ExecutionPlan:
        for plan in self.program.execution_plan:
            if plan.name == name:
                return plan
        raise KeyError(f"no method {name!r}; the program has {self.method_names}")

    # --- segments ------------------------------------------------------------------
    @property
    def segment_base_offset(self) -> int:
        return self.header.segment_base_offset if self.header is not None else 0

    def segment(self, index: int) -> memoryview:
        segments = self.program.segments
        if not 0 <= index < len(segments):
            raise PteFormatError(f"segment index {index} is out of range (program has {len(segments)})")
        seg = segments[index]
        if seg.size == 0:
            return self.data[0:0]
        if self.header is None:
            raise PteFormatError(f"segment {index} has {seg.size} bytes but the file has no extended header")
        return _slice(self.data, self.segment_base_offset + seg.offset, seg.size, f"segment {index}")

    def _subsegment(self, sub, index: int, what: str) -> memoryview:
        offsets = sub.offsets
        if not 0 <= index < len(offsets):
            raise PteFormatError(f"{what} index {index} is out of range ({len(offsets)} offsets)")
        seg = self.segment(sub.segment_index)
        end = offsets[index + 1] if index + 1 < len(offsets) else len(seg)
        if not offsets[index] <= end <= len(seg):
            raise PteFormatError(f"{what} {index}: offsets {offsets[index]}..{end} exceed segment size {len(seg)}")
        return seg[offsets[index]:end]

    def constant(self, index: int) -> memoryview:
        """Bytes of constant `index` (a Tensor.data_buffer_idx), alignment padding included.

        Reads the constant segment (offsets[index] up to the next offset or the segment end)
        or, in files from before 2024-09, the legacy `constant_buffer[index].storage`.
        """
        cs = self.program.constant_segment
        if cs is not None and len(cs.offsets) > 1:
            return self._subsegment(cs, index, "constant")
        buffers = self.program.constant_buffer
        if not 0 <= index < len(buffers):
            raise PteFormatError(f"constant index {index} is out of range (no constant data for it)")
        return memoryview(buffers[index].storage)

    def mutable_data(self, index: int, subsegment: int = 0) -> memoryview:
        """Initial value bytes of mutable tensor `index` from mutable_data_segments[subsegment]."""
        subs = self.program.mutable_data_segments
        if not 0 <= subsegment < len(subs):
            raise PteFormatError(f"mutable_data_segments[{subsegment}] does not exist ({len(subs)} entries)")
        return self._subsegment(subs[subsegment], index, "mutable data")

    def named_data(self, key: str) -> memoryview:
        for entry in self.program.named_data:
            if entry.key == key:
                return self.segment(entry.segment_index)
        raise KeyError(f"no named data {key!r} in the program")

    def delegate_data(self, delegate: BackendDelegate) -> memoryview:
        """The processed blob of a delegate (INLINE or SEGMENT)."""
        ref = delegate.processed
        if ref is None:
            raise PteFormatError(f"delegate {delegate.id!r} has no processed data reference")
        if ref.location == DataLocation.INLINE:
            inline = self.program.backend_delegate_data
            if not 0 <= ref.index < len(inline):
                raise PteFormatError(f"delegate {delegate.id!r}: inline index {ref.index} out of range ({len(inline)})")
            return memoryview(inline[ref.index].data)
        if ref.location == DataLocation.SEGMENT:
            return self.segment(ref.index)
        raise PteFormatError(f"delegate {delegate.id!r}: unknown data location {int(ref.location)}")

    def tensor_data(self, tensor: Tensor, external: Optional["PtdFile"] = None) -> Optional[memoryview]:
        """Initial bytes of a tensor value (trimmed to its size), or None if it has none.

        Follows pte-format.md §3.2: EXTERNAL tensors come from `external` by fully
        qualified name; data_buffer_idx > 0 is a constant (no allocation_info) or a mutable
        initial value (with allocation_info); everything else has no data at load.
        """
        size = nbytes(tensor.scalar_type, tensor.sizes)
        info = tensor.extra_tensor_info
        if info is not None and info.location == TensorDataLocation.EXTERNAL:
            name = info.fully_qualified_name
            if external is None:
                raise PteFormatError(f"tensor {name!r} is EXTERNAL but no .ptd was given")
            raw = external.tensor(name)[1]
        elif tensor.data_buffer_idx == 0:
            return None
        elif tensor.allocation_info is None:
            raw = self.constant(tensor.data_buffer_idx)
        else:
            sub = info.mutable_data_segments_idx if info is not None else 0
            raw = self.mutable_data(tensor.data_buffer_idx, sub)
        if len(raw) < size:
            raise PteFormatError(f"tensor data has {len(raw)} bytes, its shape needs {size}")
        return raw[:size]


@dataclass
class PtdFile:
    """A decoded `.ptd`: `flat_tensor` is a FlatTensor (layout B) or LegacyFlatTensor (A)."""
    flat_tensor: Union[ft.FlatTensor, ft.LegacyFlatTensor]
    data: memoryview
    header: FlatTensorHeader

    @property
    def is_legacy_layout(self) -> bool:
        return isinstance(self.flat_tensor, ft.LegacyFlatTensor)

    def segment(self, index: int) -> memoryview:
        segments = self.flat_tensor.segments
        if not 0 <= index < len(segments):
            raise PteFormatError(f".ptd segment index {index} out of range ({len(segments)})")
        seg = segments[index]
        return _slice(self.data, self.header.segment_base_offset + seg.offset, seg.size, f".ptd segment {index}")

    def keys(self) -> List[str]:
        if self.is_legacy_layout:
            return [t.fully_qualified_name for t in self.flat_tensor.tensors] + \
                   [n.key for n in self.flat_tensor.named_data]
        return [n.key for n in self.flat_tensor.named_data]

    def named_data(self, key: str) -> memoryview:
        """Raw bytes stored under `key` (a whole segment, or a layout-A tensor's bytes)."""
        for entry in self.flat_tensor.named_data:
            if entry.key == key:
                return self.segment(entry.segment_index)
        if self.is_legacy_layout:
            return self.tensor(key)[1]
        raise KeyError(f"no entry {key!r} in the .ptd; it has {self.keys()}")

    def tensor(self, key: str) -> Tuple[Optional[ft.TensorLayout], memoryview]:
        """(layout, bytes) of the tensor stored under `key`; layout may be None in layout B."""
        if self.is_legacy_layout:
            for meta in self.flat_tensor.tensors:
                if meta.fully_qualified_name == key:
                    seg = self.segment(meta.segment_index)
                    size = nbytes(meta.scalar_type, meta.sizes)
                    if meta.offset + size > len(seg):
                        raise PteFormatError(f".ptd tensor {key!r} overruns its segment")
                    layout = ft.TensorLayout(meta.scalar_type, list(meta.sizes), list(meta.dim_order))
                    return layout, seg[meta.offset:meta.offset + size]
            raise KeyError(f"no tensor {key!r} in the .ptd; it has {self.keys()}")
        for entry in self.flat_tensor.named_data:
            if entry.key == key:
                return entry.tensor_layout, self.segment(entry.segment_index)
        raise KeyError(f"no entry {key!r} in the .ptd; it has {self.keys()}")
