"""Bundled programs (BP08) and FlatTensor data files (FT01, both layouts)."""

import struct

import numpy as np
import pytest

from wick.pte import (PteFormatError, deserialize_bundled, deserialize_ptd, deserialize_pte,
                      serialize_bundled, serialize_ptd)
from wick.pte import bundled_schema as bp
from wick.pte import flat_tensor_schema as ft
from wick.pte.fields import layout
from wick.pte.reader import Reader
from wick.pte.dtypes import array_from_bytes
from wick.pte.schema import ScalarType

BPTE = "pytorch__executorch__bundled_program.bpte"
EMBEDDED = "pytorch__executorch__bundled_program__embedded_program.pte"
PTD_LAYOUT_A = "pytorch__executorch__module_linear.ptd"
PTD_LAYOUT_B = "barakugav__executorch-rs__data_map__default_external_constant.ptd"


def test_corpus_bundled_program(corpus_dir):
    bundled = deserialize_bundled((corpus_dir / BPTE).read_bytes())
    assert bundled.version == 2
    assert [s.method_name for s in bundled.method_test_suites] == ["forward"]
    cases = bundled.method_test_suites[0].test_cases
    assert len(cases) == 10
    for case in cases:
        assert len(case.inputs) == 2 and len(case.expected_outputs) == 1
        for value in case.inputs:
            assert value.val.scalar_type == ScalarType.INT and value.val.sizes == [2, 2]
            assert value.val.data == b"\0" * 16
        expected = case.expected_outputs[0].val
        assert struct.unpack("<4i", expected.data) == (2, 2, 2, 2)
    assert bundled.program == (corpus_dir / EMBEDDED).read_bytes()
    embedded = deserialize_pte(bundled.program)
    assert embedded.header.length == 24 and embedded.method_names == ["forward"]


def test_bundled_round_trip_and_alignment(corpus_dir):
    original = deserialize_bundled((corpus_dir / BPTE).read_bytes())
    written = serialize_bundled(original)
    assert written[4:8] == b"BP08"
    assert deserialize_bundled(written) == original
    reader = Reader(written)
    slot = next(s for name, _, s in layout(bp.BundledProgram) if name == "program")
    root = reader.deref(0)
    begin, count = reader.vector_span(root + reader.field_offset(root, slot), 1)
    assert begin % 32 == 0 and count == len(original.program)


def test_bundled_written_from_scratch():
    tensor = bp.Tensor(scalar_type=ScalarType.FLOAT, sizes=[3], data=np.ones(3, np.float32).tobytes(),
                       dim_order=[0])
    case = bp.BundledMethodTestCase(inputs=[bp.Value(tensor), bp.Value(bp.Int(4)), bp.Value(bp.Bool(True)),
                                            bp.Value(bp.Double(0.5))],
                                    expected_outputs=[bp.Value(tensor)])
    bundled = bp.BundledProgram(version=2, method_test_suites=[bp.BundledMethodTestSuite("forward", [case])],
                                program=b"\0\0\0\0ET12")
    assert deserialize_bundled(serialize_bundled(bundled)) == bundled


def test_wrong_identifier_is_rejected(corpus_dir):
    with pytest.raises(PteFormatError):
        deserialize_bundled((corpus_dir / EMBEDDED).read_bytes())
    with pytest.raises(PteFormatError):
        deserialize_ptd((corpus_dir / EMBEDDED).read_bytes())
    with pytest.raises(PteFormatError):
        deserialize_pte((corpus_dir / BPTE).read_bytes())


def test_ptd_layout_a(corpus_dir):
    ptd = deserialize_ptd((corpus_dir / PTD_LAYOUT_A).read_bytes())
    assert ptd.is_legacy_layout
    assert ptd.header.length == 40 and ptd.header.flatbuffer_offset == 48
    assert ptd.header.segment_base_offset == 272 and ptd.header.segment_data_size == 64
    assert ptd.flat_tensor.tensor_alignment == 16
    assert ptd.keys() == ["linear.weight", "linear.bias"]
    layout_w, weight = ptd.tensor("linear.weight")
    assert layout_w.scalar_type == ScalarType.FLOAT and layout_w.sizes == [3, 3] and len(weight) == 36
    layout_b, bias = ptd.tensor("linear.bias")
    assert layout_b.sizes == [3] and len(bias) == 12
    assert bytes(bias) == bytes(ptd.segment(0)[48:60])


def test_ptd_layout_b(corpus_dir):
    ptd = deserialize_ptd((corpus_dir / PTD_LAYOUT_B).read_bytes())
    assert not ptd.is_legacy_layout
    assert ptd.header.segment_base_offset == 304 and ptd.header.segment_data_size == 32
    assert ptd.keys() == ["a", "b"]
    for key, fill in (("a", 3.0), ("b", 2.0)):
        layout_x, raw = ptd.tensor(key)
        assert layout_x.dim_order == [0, 1]
        np.testing.assert_array_equal(array_from_bytes(raw, layout_x.scalar_type, layout_x.sizes),
                                      np.full((2, 2), fill, np.float32))


def test_ptd_written_round_trip(corpus_dir):
    original = deserialize_ptd((corpus_dir / PTD_LAYOUT_B).read_bytes())
    segments = [bytes(original.segment(i)) for i in range(len(original.flat_tensor.segments))]
    written = serialize_ptd(original.flat_tensor, segments + [b"\7" * 5])
    again = deserialize_ptd(written)
    assert written[4:8] == b"FT01" and written[8:12] == b"FH01"
    assert again.flat_tensor.named_data == original.flat_tensor.named_data
    assert [(s.offset, s.size) for s in again.flat_tensor.segments] == [(0, 16), (16, 16), (32, 5)]
    assert again.header.segment_base_offset % 16 == 0
    assert again.header.flatbuffer_offset + again.header.flatbuffer_size <= again.header.segment_base_offset
    assert len(written) == again.header.segment_base_offset + again.header.segment_data_size
    assert [bytes(again.segment(i)) for i in range(3)] == segments + [b"\7" * 5]
    empty = ft.FlatTensor(named_data=[ft.NamedData(key="z", segment_index=0)])
    assert bytes(deserialize_ptd(serialize_ptd(empty, [b""])).named_data("z")) == b""
