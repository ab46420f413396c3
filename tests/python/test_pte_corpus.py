"""Every corpus `.pte` decodes, re-encodes to an equal tree, and agrees with flatc."""

import json
import shutil
import struct
import subprocess

import pytest

from wick.pte import PteFormatError, deserialize_pte, serialize_pte, to_plain
from wick.pte.schema import DataLocation, KernelCall, TensorDataLocation

CORPUS_PTE = [
    "Arm-Examples__CMSIS-Executorch__Corstone320_ethos_u_minimal_example.pte",
    "barakugav__executorch-rs__add.pte",
    "barakugav__executorch-rs__data_map_model.pte",
    "berndporr__dnf_executorch__ecg_filt_demo_dnf_executorch.pte",
    "corey-cole__djl-executorch-engine__add_unplanned.pte",
    "corey-cole__djl-executorch-engine__conv.pte",
    "corey-cole__djl-executorch-engine__lin129.pte",
    "corey-cole__djl-executorch-engine__openvino_tiny.pte",
    "corey-cole__djl-executorch-engine__priced.pte",
    "corey-cole__djl-executorch-engine__stress_mlp.pte",
    "corey-cole__executorch-numpy-runtime__const_methods.pte",
    "corey-cole__executorch-numpy-runtime__dynamic.pte",
    "corey-cole__executorch-numpy-runtime__lstm.pte",
    "corey-cole__executorch-numpy-runtime__quantized.pte",
    "dinusha94__executorch__model.pte",
    "fidel-makatia__ALIF_Executorch__mnist_ethos_u55.pte",
    "kadu-v__berry-executorch__id.pte",
    "mybigday__node-executorch__mul.pte",
    "pytorch__executorch__apple_add.pte",
    "pytorch__executorch__arduino_AddModel_model.pte",
    "pytorch__executorch__arduino_KeywordSpotting_model.pte",
    "pytorch__executorch__bundled_program__embedded_program.pte",
    "pytorch__executorch__module_linear.pte",
]

# (root offset, eh00 length or None) as listed in the corpus README.
EXPECTED_HEADER = {
    "Arm-Examples__CMSIS-Executorch__Corstone320_ethos_u_minimal_example.pte": (0x24, None),
    "fidel-makatia__ALIF_Executorch__mnist_ethos_u55.pte": (0x24, None),
    "dinusha94__executorch__model.pte": (0x3C, 24),
    "pytorch__executorch__bundled_program__embedded_program.pte": (0x3C, 24),
}
NO_HEADER_FILES = {
    "barakugav__executorch-rs__add.pte", "barakugav__executorch-rs__data_map_model.pte",
    "corey-cole__djl-executorch-engine__priced.pte", "kadu-v__berry-executorch__id.pte",
    "mybigday__node-executorch__mul.pte", "pytorch__executorch__apple_add.pte",
    "pytorch__executorch__module_linear.pte",
}


def expected_header(name):
    if name in EXPECTED_HEADER:
        return EXPECTED_HEADER[name]
    return (0x1C, None) if name in NO_HEADER_FILES else (0x3C, 32)


def test_corpus_list_is_complete(corpus_dir):
    assert sorted(p.name for p in corpus_dir.glob("*.pte")) == sorted(CORPUS_PTE)


@pytest.mark.parametrize("name", CORPUS_PTE)
def test_corpus_file_decodes(corpus_dir, name):
    data = (corpus_dir / name).read_bytes()
    pte = deserialize_pte(data)
    root, header_len = expected_header(name)
    assert struct.unpack_from("<I", data, 0)[0] == root
    assert (pte.header.length if pte.header else None) == header_len
    if pte.header is not None:
        assert pte.header.segment_base_offset % 128 == 0
        assert pte.header.program_size <= pte.header.segment_base_offset <= len(data)
    assert pte.program.version == 0
    assert pte.method_names and all(pte.method_names)
    for plan in pte.program.execution_plan:
        assert len(plan.chains) == 1
        for ins in plan.chains[0].instructions:
            if isinstance(ins.instr_args, KernelCall):
                assert 0 <= ins.instr_args.op_index < len(plan.operators)
                assert all(0 <= a < len(plan.values) for a in ins.instr_args.args)
        for delegate in plan.delegates:
            blob = pte.delegate_data(delegate)
            assert len(blob) > 0
        for value in plan.values:
            tensor = value.val
            if type(tensor).__name__ != "Tensor":
                continue
            info = tensor.extra_tensor_info
            if info is None or info.location != TensorDataLocation.EXTERNAL:
                data_view = pte.tensor_data(tensor)
                assert (data_view is None) == (tensor.data_buffer_idx == 0)
    for i in range(len(pte.program.segments)):
        assert len(pte.segment(i)) == pte.program.segments[i].size


@pytest.mark.parametrize("name", CORPUS_PTE)
def test_corpus_round_trip(corpus_dir, name):
    pte = deserialize_pte((corpus_dir / name).read_bytes())
    segments = [bytes(pte.segment(i)) for i in range(len(pte.program.segments))]
    written = serialize_pte(pte.program, segments)
    again = deserialize_pte(written)
    assert again.program == pte.program
    assert [bytes(again.segment(i)) for i in range(len(segments))] == segments
    assert (again.header is None) == (sum(map(len, segments)) == 0)


def test_known_corpus_facts(corpus_dir):
    mnist = deserialize_pte((corpus_dir / "fidel-makatia__ALIF_Executorch__mnist_ethos_u55.pte").read_bytes())
    delegate = mnist.method("forward").delegates[0]
    assert delegate.id == "EthosUBackend"
    assert delegate.processed.location == DataLocation.INLINE
    assert len(mnist.delegate_data(delegate)) == 111344

    conv = deserialize_pte((corpus_dir / "corey-cole__djl-executorch-engine__conv.pte").read_bytes())
    assert len(conv.program.named_data) == 2
    key = conv.program.named_data[0].key
    assert len(key) == 64 and len(conv.named_data(key)) == conv.program.segments[2].size

    ecg = deserialize_pte((corpus_dir / "berndporr__dnf_executorch__ecg_filt_demo_dnf_executorch.pte").read_bytes())
    assert ecg.program.mutable_data_segments[0].segment_index == 1
    assert len(ecg.program.mutable_data_segments[0].offsets) == 3

    mul = deserialize_pte((corpus_dir / "mybigday__node-executorch__mul.pte").read_bytes())
    assert mul.program.segments == [] and len(mul.program.constant_buffer) == 1

    const = deserialize_pte((corpus_dir / "corey-cole__executorch-numpy-runtime__const_methods.pte").read_bytes())
    assert const.program.constant_segment.offsets == [0, 0, 16]
    get_tensor = const.method("get_tensor")
    tensor = get_tensor.values[get_tensor.outputs[0]].val
    assert struct.unpack("<3q", bytes(const.tensor_data(tensor))) == (1, 2, 3)


def test_negative_file_is_rejected(corpus_dir):
    data = (corpus_dir / "negative" / "corey-cole__djl-executorch-engine__corrupt.pte").read_bytes()
    with pytest.raises(PteFormatError, match="not an ExecuTorch program"):
        deserialize_pte(data)


@pytest.mark.parametrize("name", ["barakugav__executorch-rs__add.pte", "dinusha94__executorch__model.pte",
                                  "pytorch__executorch__arduino_KeywordSpotting_model.pte"])
def test_truncated_file_is_rejected(corpus_dir, name):
    data = (corpus_dir / name).read_bytes()
    pte = deserialize_pte(data)
    program_end = pte.header.program_size if pte.header else len(data)
    with pytest.raises(PteFormatError):
        deserialize_pte(data[:program_end // 2])


# --- agreement with flatc's own decoding ----------------------------------------------

def _assert_same(ours, theirs, path="$"):
    """flatc omits absent tables, strings and vectors; we show None / [] for them."""
    if isinstance(ours, dict):
        assert isinstance(theirs, dict), path
        for key, value in ours.items():
            if key not in theirs:
                assert value in (None, [], "NONE"), f"{path}.{key}: flatc has nothing, we have {value!r}"
                continue
            _assert_same(value, theirs[key], f"{path}.{key}")
        extra = set(theirs) - set(ours)
        assert not extra, f"{path}: flatc has fields {extra} we do not decode"
    elif isinstance(ours, list):
        assert isinstance(theirs, list) and len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _assert_same(a, b, f"{path}[{i}]")
    elif isinstance(ours, float):
        assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-12), path
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"


@pytest.mark.parametrize("name", CORPUS_PTE)
def test_decoding_agrees_with_flatc(corpus_dir, repo_root, tmp_path, name):
    flatc = shutil.which("flatc")
    if flatc is None:
        pytest.skip("flatc is not installed (Debian package flatbuffers-compiler)")
    schema_dir = repo_root / "runtime" / "schema"
    subprocess.run([flatc, "--json", "--strict-json", "--raw-binary", "--defaults-json", "--natural-utf8",
                    "-o", str(tmp_path), "-I", str(schema_dir), str(schema_dir / "program.fbs"), "--",
                    str(corpus_dir / name)], check=True, capture_output=True)
    theirs = json.loads((tmp_path / (name[:-4] + ".json")).read_text())
    ours = to_plain(deserialize_pte((corpus_dir / name).read_bytes()).program)
    _assert_same(ours, theirs)
