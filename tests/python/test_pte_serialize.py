"""Files written by wick.pte: header, alignment and segment layout, and the official verifier."""

import shutil
import struct
import subprocess

import numpy as np
import pytest

from wick.pte import (ExtendedHeader, align_up, deserialize_pte, pack_constants, serialize_pte)
from wick.pte.fields import layout
from wick.pte.reader import Reader
from wick.pte.dtypes import array_from_bytes, array_to_bytes
from wick.pte.schema import (AllocationDetails, BackendDelegate, BackendDelegateDataReference,
                             BackendDelegateInlineData, Buffer, Chain, CompileSpec, DataLocation,
                             DelegateCall, Double, EValue, ExecutionPlan, Instruction, Int, IntList,
                             JumpFalseCall, KernelCall, MoveCall, FreeCall, NamedData, Null, Operator,
                             Program, ScalarType, String, SubsegmentOffsets, Tensor, TensorList,
                             BoolList, Bool, DoubleList, OptionalTensorList)


def planned(sizes, offset, scalar_type=ScalarType.FLOAT):
    return EValue(Tensor(scalar_type=scalar_type, sizes=list(sizes), dim_order=list(range(len(sizes))),
                         allocation_info=AllocationDetails(memory_id=1, memory_offset_low=offset)))


def add_program(constant_idx=1, delegates=(), inline=()):
    values = [
        planned([2, 3], 0),
        EValue(Tensor(scalar_type=ScalarType.FLOAT, sizes=[2, 3], dim_order=[0, 1], data_buffer_idx=constant_idx)),
        EValue(Int(1)),
        planned([2, 3], 32),
        EValue(Null()), EValue(Double(2.5)), EValue(Bool(True)), EValue(String("hello")),
        EValue(IntList([2, 2])), EValue(DoubleList([1.5, -2.0])), EValue(BoolList([True, False])),
        EValue(TensorList([0, 3])), EValue(OptionalTensorList([0, -1])),
    ]
    chain = Chain(instructions=[
        Instruction(KernelCall(op_index=0, args=[0, 1, 2, 3, 3])),
        Instruction(MoveCall(move_from=3, move_to=3)),
        Instruction(JumpFalseCall(cond_value_index=6, destination_instruction=3)),
        Instruction(FreeCall(value_index=4)),
    ])
    if delegates:
        chain.instructions.append(Instruction(DelegateCall(delegate_index=0, args=[0, 3])))
    plan = ExecutionPlan(name="forward", values=values, inputs=[0], outputs=[3], chains=[chain],
                         operators=[Operator(name="aten::add", overload="out")], delegates=list(delegates),
                         non_const_buffer_sizes=[0, 64])
    return Program(version=0, execution_plan=[plan], backend_delegate_data=list(inline),
                   constant_segment=SubsegmentOffsets(segment_index=0, offsets=[0]))


def vector_file_offset(data, table_pos, cls, field_name):
    """File offset of the first element of a vector field of the table at table_pos."""
    reader = Reader(data)
    slot = next(s for name, _, s in layout(cls) if name == field_name)
    off = reader.field_offset(table_pos, slot)
    assert off, f"{cls.__name__}.{field_name} is absent"
    return reader.vector_span(table_pos + off, 1)[0]


def test_pack_constants_offsets_and_alignment():
    blob, offsets = pack_constants([b"\1" * 8, b"\2" * 24, b"\3" * 3])
    assert offsets == [0, 0, 16, 48]
    assert len(blob) == 51  # the last tensor is not padded
    assert blob[16:40] == b"\2" * 24 and blob[8:16] == b"\0" * 8
    assert pack_constants([]) == (b"", [0])
    assert pack_constants([b"x", b"y"], alignment=64)[1] == [0, 0, 64]


def test_program_without_segment_bytes_has_no_header():
    data = serialize_pte(add_program(constant_idx=0), [b""])
    assert data[4:8] == b"ET12"
    assert data[8:12] != b"eh00"
    pte = deserialize_pte(data)
    assert pte.header is None
    assert [(s.offset, s.size) for s in pte.program.segments] == [(0, 0)]


def test_header_and_segment_layout():
    weights = np.arange(6, dtype=np.float32).reshape(2, 3)
    constant_segment, offsets = pack_constants([weights.tobytes()])
    program = add_program()
    program.constant_segment.offsets = offsets
    blob = bytes(range(200))
    named = b"\xAB" * 10
    program.named_data = [NamedData(key="w", segment_index=2)]
    segments = [constant_segment, blob, named, b""]
    data = serialize_pte(program, segments)

    root = struct.unpack_from("<I", data, 0)[0]
    assert data[4:8] == b"ET12" and data[8:12] == b"eh00"
    header = ExtendedHeader.parse(data)
    assert header.length == 32
    assert header.segment_base_offset == align_up(header.program_size, 128)
    assert root >= 40  # the table follows the 32-byte header region at 8..39
    assert all(b == 0 for b in data[header.program_size:header.segment_base_offset])
    pte = deserialize_pte(data)
    placed = [(s.offset, s.size) for s in pte.program.segments]
    assert placed == [(0, 24), (128, 200), (384, 10), (512, 0)]
    assert all(off % 128 == 0 for off, _ in placed)
    assert header.segment_data_size == 512
    assert len(data) == header.segment_base_offset + header.segment_data_size
    assert bytes(pte.segment(1)) == blob and bytes(pte.named_data("w")) == named
    assert program.segments == []  # the caller's object is left alone
    constant = pte.method("forward").values[1].val
    np.testing.assert_array_equal(array_from_bytes(pte.tensor_data(constant), constant.scalar_type, constant.sizes),
                                  weights)


def test_force_align_16_on_buffer_and_inline_delegate_data():
    for odd in (1, 3, 7):
        inline = [BackendDelegateInlineData(data=bytes([0x5A]) * (17 + odd))]
        delegate = BackendDelegate(id="TestBackend",
                                   processed=BackendDelegateDataReference(location=DataLocation.INLINE, index=0),
                                   compile_specs=[CompileSpec(key="k" * odd, value=b"v" * odd)])
        program = add_program(delegates=[delegate], inline=inline)
        program.constant_buffer = [Buffer(storage=b""), Buffer(storage=b"\1" * (5 + odd))]
        program.constant_segment = None
        for segments in ([b""], [b"\0" * 40]):  # without and with the extended header
            data = serialize_pte(program, segments)
            reader = Reader(data)
            root = reader.deref(0)
            buffers_begin = vector_file_offset(data, root, Program, "constant_buffer") - 4
            inline_begin = vector_file_offset(data, root, Program, "backend_delegate_data") - 4
            for vector_begin, cls, field in ((buffers_begin, Buffer, "storage"),
                                             (inline_begin, BackendDelegateInlineData, "data")):
                count = struct.unpack_from("<I", data, vector_begin)[0]
                for i in range(count):
                    table_pos = reader.deref(vector_begin + 4 + 4 * i)
                    assert vector_file_offset(data, table_pos, cls, field) % 16 == 0
            pte = deserialize_pte(data)
            assert bytes(pte.delegate_data(pte.method("forward").delegates[0])) == inline[0].data
            assert bytes(pte.constant(1)) == b"\1" * (5 + odd)


def test_every_union_member_round_trips():
    program = add_program()
    data = serialize_pte(program, [b"\0" * 24])
    decoded = deserialize_pte(data).program
    program.segments = decoded.segments
    assert decoded == program


def test_dim_order_bytes_are_in_memory_order():
    logical = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
    stored = array_to_bytes(logical, [0, 2, 3, 1])
    assert stored == np.ascontiguousarray(logical.transpose(0, 2, 3, 1)).tobytes()
    np.testing.assert_array_equal(array_from_bytes(stored, ScalarType.FLOAT, [2, 3, 4, 5], [0, 2, 3, 1]), logical)


# --- the flatbuffers library's own verifier ----------------------------------------------

VERIFY_CPP = r"""
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>
#include "program_generated.h"
#include "bundled_program_generated.h"
#include "flat_tensor_generated.h"
int main(int argc, char** argv) {
  std::ifstream in(argv[2], std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Copy into 32-byte aligned storage: force_align is relative to the buffer start.
  std::vector<double> storage(raw.size() / sizeof(double) + 8);
  auto* buf = reinterpret_cast<uint8_t*>(storage.data());
  std::memcpy(buf, raw.data(), raw.size());
  flatbuffers::Verifier verifier(buf, raw.size());
  bool ok = false;
  if (!std::strcmp(argv[1], "pte")) ok = wick::schema::VerifyProgramBuffer(verifier);
  if (!std::strcmp(argv[1], "bpte")) ok = wick::schema::bundled::VerifyBundledProgramBuffer(verifier);
  if (!std::strcmp(argv[1], "ptd")) ok = wick::schema::flat_tensor::VerifyFlatTensorBuffer(verifier);
  std::printf("%s\n", ok ? "ok" : "invalid");
  return ok ? 0 : 1;
}
"""


@pytest.fixture(scope="session")
def flatbuffer_verifier(repo_root, tmp_path_factory):
    """A small C++ program running the flatbuffers verifier generated from runtime/schema."""
    flatc, cxx = shutil.which("flatc"), shutil.which("g++")
    if flatc is None or cxx is None:
        pytest.skip("flatc and g++ are needed to build the flatbuffers verifier")
    out = tmp_path_factory.mktemp("verifier")
    schema_dir = repo_root / "runtime" / "schema"
    subprocess.run([flatc, "--cpp", "-o", str(out), "-I", str(schema_dir)] +
                   [str(schema_dir / f) for f in ("scalar_type.fbs", "program.fbs", "bundled_program.fbs",
                                                  "flat_tensor.fbs")], check=True, capture_output=True)
    (out / "verify.cpp").write_text(VERIFY_CPP)
    exe = out / "verify"
    subprocess.run([cxx, "-std=c++17", "-O1", "-I", str(out), str(out / "verify.cpp"), "-o", str(exe)],
                   check=True, capture_output=True)

    def verify(kind, data):
        path = out / f"input.{kind}"
        path.write_bytes(data)
        return subprocess.run([str(exe), kind, str(path)], capture_output=True, text=True).stdout.strip()

    return verify


def test_written_files_pass_the_flatbuffers_verifier(flatbuffer_verifier, corpus_dir):
    assert flatbuffer_verifier("pte", serialize_pte(add_program(), [b"\0" * 24])) == "ok"
    delegate = BackendDelegate(id="B", processed=BackendDelegateDataReference(DataLocation.INLINE, 0))
    inline = [BackendDelegateInlineData(data=b"\1" * 33)]
    assert flatbuffer_verifier("pte", serialize_pte(add_program(delegates=[delegate], inline=inline), [b""])) == "ok"
    for path in sorted(corpus_dir.glob("*.pte")):
        assert flatbuffer_verifier("pte", path.read_bytes()) == "ok", path.name
        pte = deserialize_pte(path.read_bytes())
        segments = [bytes(pte.segment(i)) for i in range(len(pte.program.segments))]
        assert flatbuffer_verifier("pte", serialize_pte(pte.program, segments)) == "ok", path.name


def test_verifier_rejects_a_broken_file(flatbuffer_verifier):
    data = bytearray(serialize_pte(add_program(), [b""]))
    struct.pack_into("<I", data, 0, len(data) + 100)  # root offset past the end
    assert flatbuffer_verifier("pte", bytes(data)) == "invalid"


def test_written_bundled_and_ptd_pass_the_verifier(flatbuffer_verifier, corpus_dir):
    from wick.pte import deserialize_bundled, deserialize_ptd, serialize_bundled, serialize_ptd
    bundled = deserialize_bundled((corpus_dir / "pytorch__executorch__bundled_program.bpte").read_bytes())
    assert flatbuffer_verifier("bpte", serialize_bundled(bundled)) == "ok"
    ptd = deserialize_ptd((corpus_dir / "barakugav__executorch-rs__data_map__default_external_constant.ptd")
                          .read_bytes())
    segments = [bytes(ptd.segment(i)) for i in range(len(ptd.flat_tensor.segments))]
    assert flatbuffer_verifier("ptd", serialize_ptd(ptd.flat_tensor, segments)) == "ok"
