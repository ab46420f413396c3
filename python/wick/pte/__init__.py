"""The ExecuTorch file formats in Python: `.pte` (ET12), `.bpte` (BP08), `.ptd` (FT01).

`schema`, `bundled_schema` and `flat_tensor_schema` mirror the `.fbs` files under
runtime/schema one to one; `serialize` writes and reads whole files.
"""

from .fields import PteFormatError, to_plain
from .files import PtdFile, PteFile
from .headers import ExtendedHeader, FlatTensorHeader, align_up
from .serialize import (deserialize_bundled, deserialize_ptd, deserialize_pte, pack_constants,
                        serialize_bundled, serialize_ptd, serialize_pte)

__all__ = [
    "PteFormatError", "to_plain", "PtdFile", "PteFile", "ExtendedHeader", "FlatTensorHeader",
    "align_up", "deserialize_bundled", "deserialize_ptd", "deserialize_pte", "pack_constants",
    "serialize_bundled", "serialize_ptd", "serialize_pte",
]
