"""The Wick runtime (through the Python binding) against the torch oracle on
every corpus program: same outputs where Wick has every operator and backend,
a clear error naming what is missing otherwise."""

import pathlib
import subprocess

import numpy as np
import pytest
import torch

from wick import oracle, pte

runtime = pytest.importorskip("wick.runtime", reason="C++ runtime module not built")

REPO = pathlib.Path(__file__).resolve().parents[2]
WICK_RUN = REPO / "build" / "host" / "tools" / "wick-run"

# Programs that need something no Wick build provides, and what the error names.
MISSING = {
    "Arm-Examples__CMSIS-Executorch__Corstone320_ethos_u_minimal_example.pte": "EthosUBackend",
    "fidel-makatia__ALIF_Executorch__mnist_ethos_u55.pte": "EthosUBackend",
    "corey-cole__djl-executorch-engine__add_unplanned.pte": "XnnpackBackend",
    "corey-cole__djl-executorch-engine__conv.pte": "XnnpackBackend",
    "corey-cole__djl-executorch-engine__lin129.pte": "XnnpackBackend",
    "corey-cole__djl-executorch-engine__stress_mlp.pte": "XnnpackBackend",
    "corey-cole__executorch-numpy-runtime__dynamic.pte": "XnnpackBackend",
    "corey-cole__executorch-numpy-runtime__quantized.pte": "XnnpackBackend",
    "corey-cole__djl-executorch-engine__openvino_tiny.pte": "OpenvinoBackend",
    "corey-cole__executorch-numpy-runtime__lstm.pte": "etnp::lstm.out",
}
# External weights for programs that need a .ptd.
PTD = {
    "barakugav__executorch-rs__data_map_model.pte":
        "barakugav__executorch-rs__data_map__default_external_constant.ptd",
    "pytorch__executorch__module_linear.pte": "pytorch__executorch__module_linear.ptd",
}
# The cortex_m operators are integer-exact in Wick; the oracle has no
# implementation of them (KeywordSpotting is checked layer by layer in its own test).
ORACLE_LACKS = {"pytorch__executorch__arduino_KeywordSpotting_model.pte"}


def corpus_programs():
    root = REPO / ".." / "shared" / "pte-corpus"
    return sorted(p.name for p in root.glob("*.pte")) if root.is_dir() else []


def _compare(expected, actual, name):
    if isinstance(expected, torch.Tensor):
        actual = np.asarray(actual)
        want = expected.numpy()
        assert actual.dtype == want.dtype, name
        assert actual.shape == want.shape, name
        if np.issubdtype(want.dtype, np.floating):
            np.testing.assert_allclose(actual, want, rtol=1e-5, atol=1e-6, err_msg=name)
        else:
            np.testing.assert_array_equal(actual, want, err_msg=name)
    else:
        assert actual == pytest.approx(expected) if isinstance(expected, float) else actual == expected


@pytest.mark.parametrize("name", corpus_programs())
def test_corpus_program(name, corpus_dir):
    path = corpus_dir / name
    ptd_path = corpus_dir / PTD[name] if name in PTD else None
    if name in MISSING:
        module = runtime.load(path, ptd=ptd_path)
        with pytest.raises(runtime.WickError, match=MISSING[name].replace(".", r"\.")):
            module.run_method(module.method_names[0], [])
        return
    program = pte.deserialize_pte(path.read_bytes())
    external = pte.deserialize_ptd(ptd_path.read_bytes()) if ptd_path else None
    module = runtime.load(path, ptd=ptd_path)
    for method in module.method_names:
        inputs = oracle.random_inputs(program, method, seed=7)
        actual = module.run_method(method, inputs)
        if name in ORACLE_LACKS:
            assert all(np.all(np.isfinite(a)) for a in actual)
            continue
        expected = oracle.evaluate(program, method, inputs, external=external)
        assert len(actual) == len(expected)
        for i, (e, a) in enumerate(zip(expected, actual)):
            _compare(e, a, f"{name}:{method}:output {i}")


def test_bundled_program_cases_pass(corpus_dir):
    if not WICK_RUN.exists():
        pytest.skip("wick-run not built")
    result = subprocess.run([str(WICK_RUN), str(corpus_dir / "pytorch__executorch__bundled_program.bpte"),
                             "--bundled"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 passed, 0 failed" in result.stdout


def test_wrong_input_shape_is_a_clear_error(corpus_dir):
    module = runtime.load(corpus_dir / "mybigday__node-executorch__mul.pte")
    with pytest.raises(runtime.WickError, match=r"expected shape \[3, 2\], got \[2, 3\]"):
        module.forward(np.zeros((2, 3), np.float32), np.zeros((3, 2), np.float32))
    with pytest.raises(runtime.WickError, match="expected dtype float32, got int64"):
        module.forward(np.zeros((3, 2), np.int64), np.zeros((3, 2), np.float32))
    with pytest.raises(runtime.WickError, match="takes 2 inputs, 1 were given"):
        module.forward(np.zeros((3, 2), np.float32))


def test_not_a_pte_is_a_clear_error(corpus_dir):
    with pytest.raises(runtime.WickError, match="not a .pte"):
        runtime.load(corpus_dir / "negative" / "corey-cole__djl-executorch-engine__corrupt.pte")
