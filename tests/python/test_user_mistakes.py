"""The catalogue of user mistakes (docs/reliability.md): each one gets a
non-zero exit (or a WickError) and a message that says what is wrong and,
where there is one, what to do instead.

The command-line cases run the binaries `./wick run` and `./wick inspect`
exec (build/host/tools, or $WICK_TOOLS_DIR), the exporter and simulator
command lines in-process or as `python -m`, and the Python runtime API.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

from wick.export import cli as export_cli
from wick.pte import deserialize_pte, serialize_pte

REPO = pathlib.Path(__file__).resolve().parents[2]
TOOLS = pathlib.Path(os.environ.get("WICK_TOOLS_DIR", REPO / "build" / "host" / "tools"))
CORPUS = REPO / ".." / "shared" / "pte-corpus"
MUL = REPO / "tests" / "fuzz" / "program" / "valid_mul.pte"  # float32[3, 2] * float32[3, 2]
PY = "/usr/bin/python3"


def tool(name: str) -> pathlib.Path:
    path = TOOLS / name
    if not path.exists():
        pytest.skip(f"{path} is not built (./wick run builds it)")
    return path


def fails(args, *expected: str, code: int = 1, env=None) -> str:
    """Runs a command that must fail with `code`; returns stderr, which must hold every `expected`."""
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def wick_run(*args, expected=(), code=1):
    return fails([tool("wick-run"), *args], *expected, code=code)


def corpus_file(name: str) -> pathlib.Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"pte corpus not found at {CORPUS}")
    return path


def npy(tmp_path, name, array) -> pathlib.Path:
    path = tmp_path / name
    np.save(path, array)
    return path


# --- wick run: the program file ---------------------------------------------------------

def test_program_file_missing(tmp_path):
    wick_run(tmp_path / "model.pte", expected=[f"cannot read {tmp_path / 'model.pte'}: No such file or directory"])


def test_program_is_a_directory(tmp_path):
    wick_run(tmp_path, expected=[f"cannot read {tmp_path}: it is a directory"])


def test_program_is_not_a_pte(tmp_path):
    path = tmp_path / "model.pte"
    path.write_text("def forward(x): return x\n" * 4)
    wick_run(path, expected=["cannot load program: InvalidProgram", "not a .pte: no ET12 identifier at bytes 4..7"])


def test_program_is_truncated(tmp_path):
    path = tmp_path / "model.pte"
    path.write_bytes(MUL.read_bytes()[:200])
    wick_run(path, expected=["corrupt or truncated .pte: the flatbuffer does not verify"])


def test_ptd_given_as_the_program(tmp_path):
    ptd = corpus_file("pytorch__executorch__module_linear.ptd")
    wick_run(ptd, expected=["this is an external-data file (.ptd), not a .pte: pass it as external data"])


def test_program_with_an_unnamed_method(tmp_path):
    """Regression: wick run aborted and wick inspect crashed listing method names."""
    program = REPO / "tests" / "fuzz" / "program" / "hostile_method_without_name.pte"
    wick_run(program, "--method", "predict", expected=["invalid .pte: method 0 has no name"])
    fails([tool("wick-inspect"), program], "invalid .pte: method 0 has no name")


def test_program_with_a_tensor_that_has_no_memory():
    """Regression (fuzz finding): a kernel read through the null data pointer (segfault)."""
    program = REPO / "tests" / "fuzz" / "program" / "hostile_operand_without_memory.pte"
    wick_run(program, expected=["cannot load method 'forward': InvalidProgram",
                                "invalid .pte: value 3 is a tensor with no memory"])


def test_bundled_flag_on_a_plain_program():
    wick_run(MUL, "--bundled", expected=[f"--bundled needs a .bpte file; {MUL} is a plain program"])


def test_method_name_wrong():
    wick_run(MUL, "--method", "forwrad", expected=["the program has no method 'forwrad' (it has: forward)"])


# --- wick run: inputs -----------------------------------------------------------------------

def test_too_few_inputs(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), np.float32))
    wick_run(MUL, "--input", x, expected=["method 'forward' takes 2 inputs, 1 were given"])


def test_too_many_inputs(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), np.float32))
    wick_run(MUL, "--input", x, "--input", x, "--input", x,
             expected=["method 'forward' takes 2 inputs, 3 were given"])


def test_input_shape_wrong(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), np.float32))
    y = npy(tmp_path, "y.npy", np.ones((2, 3), np.float32))
    wick_run(MUL, "--input", x, "--input", y, expected=[f"input 1: expected shape [3, 2], got [2, 3] (from {y})"])


def test_input_dtype_wrong(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), np.float64))
    wick_run(MUL, "--input", x, "--input", x, expected=[f"input 0: expected dtype float32, got float64 (from {x})"])


def test_input_is_not_an_npy(tmp_path):
    path = tmp_path / "x.npy"
    path.write_text("1,2,3\n")
    wick_run(MUL, "--input", path, "--input", path,
             expected=[f"{path}: not a .npy file (no \\x93NUMPY magic)"])


def test_input_npy_truncated(tmp_path):
    path = npy(tmp_path, "x.npy", np.ones((3, 2), np.float32))
    path.write_bytes(path.read_bytes()[:-5])
    wick_run(MUL, "--input", path, "--input", path,
             expected=["truncated .npy data: the shape needs 24 bytes, the file has 19"])


def test_input_npy_big_endian(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), ">f4"))
    wick_run(MUL, "--input", x, "--input", x,
             expected=["big-endian .npy data is not supported; save with dtype '<f4'"])


def test_input_npy_fortran_order(tmp_path):
    x = npy(tmp_path, "x.npy", np.asfortranarray(np.ones((3, 2), np.float32)))
    wick_run(MUL, "--input", x, "--input", x,
             expected=["Fortran-ordered .npy arrays are not supported; save with np.ascontiguousarray"])


def test_input_npy_dtype_wick_cannot_hold(tmp_path):
    x = npy(tmp_path, "x.npy", np.ones((3, 2), np.complex64))
    wick_run(MUL, "--input", x, "--input", x, expected=["unsupported .npy dtype 'c8'"])


def test_input_npy_more_elements_than_a_tensor_holds(tmp_path):
    path = tmp_path / "x.npy"
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 65536, 65536), }"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
    wick_run(MUL, "--input", path, "--input", path, expected=["shape has more than 2^31 - 1 elements"])


def test_generated_inputs_kind_unknown():
    wick_run(MUL, "--inputs", "gaussian", expected=["--inputs takes zeros, ones or random"], code=2)


def test_unknown_option():
    wick_run(MUL, "--profle", expected=["unknown option --profle", "usage: wick run"], code=2)


# --- wick run: what the program needs ----------------------------------------------------

def test_external_data_missing():
    program = corpus_file("pytorch__executorch__module_linear.pte")
    wick_run(program, expected=["cannot load method 'forward': NotFound",
                                "external tensor 'linear.weight' not found: pass the .ptd file that holds it"])


def test_external_data_file_missing(tmp_path):
    wick_run(MUL, "--ptd", tmp_path / "weights.ptd",
             expected=[f"cannot read {tmp_path / 'weights.ptd'}: No such file or directory"])


def test_external_data_file_is_not_a_ptd():
    wick_run(MUL, "--ptd", MUL, expected=[f"cannot load external data {MUL}: InvalidExternalData",
                                          "not a .ptd file: no FT01/FH01 identifiers"])


def test_backend_wick_lacks():
    program = corpus_file("corey-cole__djl-executorch-engine__conv.pte")
    wick_run(program, expected=["missing backend: delegate [0] needs 'XnnpackBackend', which this build lacks"])


def test_operator_wick_lacks(tmp_path):
    pte = deserialize_pte(MUL.read_bytes())
    pte.program.execution_plan[0].operators[0].name = "my_lib::fancy_mul"
    path = tmp_path / "custom.pte"
    path.write_bytes(serialize_pte(pte.program, []))
    wick_run(path, expected=["cannot load method 'forward': OperatorMissing",
                             "missing operator: [0] my_lib::fancy_mul.out"])
    inspect = subprocess.run([tool("wick-inspect"), path], capture_output=True, text=True)
    assert "my_lib::fancy_mul.out" in inspect.stdout and "MISSING in this build" in inspect.stdout


def test_planned_memory_above_the_limit():
    program = REPO / "tests" / "fuzz" / "program" / "hostile_planned_buffer_1tb.pte"
    wick_run(program, expected=["method 'forward' plans 1099511627776 bytes (1048576.0 MB) of activations, "
                                "above the limit of 536870912 bytes (512.0 MB)",
                                "raise the limit (wick run --max-planned-mb"])
    wick_run(MUL, "--max-planned-mb", "0.00005", expected=["plans 96 bytes of activations, above the limit of 52 bytes"])


def test_generated_input_above_the_limit():
    program = REPO / "tests" / "fuzz" / "program" / "hostile_unplanned_input_4gb.pte"
    wick_run(program, expected=["input 0 needs 4294967296 bytes (4096.0 MB), above the limit of "
                                "536870912 bytes (512.0 MB)"])


def test_planned_memory_limit_not_a_number():
    wick_run(MUL, "--max-planned-mb", "lots",
             expected=["--max-planned-mb takes megabytes between 0 and 1048576, got 'lots'"], code=2)


def test_output_directory_missing(tmp_path):
    wick_run(MUL, "--output-dir", tmp_path / "out",
             expected=[f"cannot write {tmp_path / 'out' / 'output_0.npy'}: No such file or directory"])


def test_inspect_not_a_pte(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(b"\0" * 64)
    fails([tool("wick-inspect"), path], "wick inspect: cannot load program: InvalidProgram",
          "not a .pte: no ET12 identifier")


# --- wick export ----------------------------------------------------------------------------

MODELS = '''
import torch

class Unsupported(torch.nn.Module):
    def forward(self, x):
        y = x + 1
        return torch.linalg.svd(y)[1]

class Branchy(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x - 1

class Masked(torch.nn.Module):
    def forward(self, x):
        return x[x > 0]

class Conv(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.relu(self.conv(x))

class NeedsArguments(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
'''


@pytest.fixture
def models(tmp_path):
    path = tmp_path / "models.py"
    path.write_text(MODELS)
    return path


def export_fails(capsys, *args, expected=()):
    assert export_cli.main([str(a) for a in args]) == 1
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, err
    return err


def test_export_unsupported_operator_names_the_model_line(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Unsupported", "--input-shape", "2,3", "-o", tmp_path / "m.pte", "-q",
                 expected=["1 operator(s) have no Wick kernel", "aten::_linalg_svd.U",
                           f"(Unsupported) at {models}:7: return torch.linalg.svd(y)[1]"])


def test_export_data_dependent_control_flow(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Branchy", "--input-shape", "2,3", "-o", tmp_path / "m.pte", "-q",
                 expected=[f"data-dependent control flow in <root> (Branchy) at {models}:11: if x.sum() > 0:",
                           "compute both branches and select with torch.where"])


def test_export_data_dependent_shape(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Masked", "--input-shape", "2,3", "-o", tmp_path / "m.pte", "-q",
                 expected=[f"data-dependent output shape from aten.index.Tensor in <root> (Masked) at {models}:17",
                           "torch.where(mask, x, 0) instead of x[mask]"])


def test_export_input_shape_does_not_fit_the_model(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1,4,8,8", "-o", tmp_path / "m.pte", "-q",
                 expected=[f"tracing failed at {models}:25: return torch.relu(self.conv(x))",
                           "expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead"])


def test_export_calibration_data_of_the_wrong_shape(models, tmp_path, capsys):
    calibration = npy(tmp_path, "calibration.npy", np.zeros((4, 1, 5, 5), np.float32))
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1,3,8,8", "--quantize", "--calibration",
                 calibration, "-o", tmp_path / "m.pte", "-q",
                 expected=["calibration input of shape (1, 5, 5) does not match the example (1, 3, 8, 8)"])


def test_export_quantize_without_calibration(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1,3,8,8", "--quantize", "-o", tmp_path / "m.pte",
                 expected=["--quantize needs --calibration DIR_OR_NPY"])


def test_export_calibration_directory_empty(models, tmp_path, capsys):
    (tmp_path / "calibration").mkdir()
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1,3,8,8", "--quantize", "--calibration",
                 tmp_path / "calibration", "-o", tmp_path / "m.pte", "-q",
                 expected=[f"{tmp_path / 'calibration'} holds no .npy files or images"])


def test_export_model_spec_without_a_name(models, tmp_path, capsys):
    export_fails(capsys, models, "--input-shape", "1", "-o", tmp_path / "m.pte",
                 expected=["model must be given as path/to/file.py:Name or package.module:Name"])


def test_export_model_name_wrong(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Convv", "--input-shape", "1", "-o", tmp_path / "m.pte",
                 expected=[f"{models} has no attribute 'Convv'"])


def test_export_model_file_has_a_syntax_error(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("import torch\nclass M(torch.nn.Module):\n    def forward(self, x)\n        return x\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    fails([PY, "-m", "wick.export.cli", f"{path}:M", "--input-shape", "1", "-o", tmp_path / "m.pte"],
          f"wick export: error: {path}:3: syntax error in the model file", env=env)


def test_export_model_module_not_importable(tmp_path, capsys):
    export_fails(capsys, "wick.models.no_such_model:Net", "--input-shape", "1", "-o", tmp_path / "m.pte",
                 expected=["cannot import wick.models.no_such_model: No module named 'wick.models.no_such_model'"])


def test_export_model_constructor_needs_arguments(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:NeedsArguments", "--input-shape", "1", "-o", tmp_path / "m.pte",
                 expected=[f"{models}:NeedsArguments() raised TypeError", "missing 1 required positional argument"])


def test_export_weights_do_not_fit(models, tmp_path, capsys):
    weights = tmp_path / "weights.pt"
    torch.save({"fc.weight": torch.zeros(2, 2)}, weights)
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1,3,8,8", "--weights", weights,
                 "-o", tmp_path / "m.pte",
                 expected=[f"--weights {weights} does not fit {models}:Conv", 'Missing key(s) in state_dict: "conv.weight"'])


def test_export_example_input_not_an_npy(models, tmp_path, capsys):
    path = tmp_path / "x.npy"
    path.write_text("0.5, 0.25\n")
    export_fails(capsys, f"{models}:Conv", "--example-input", path, "-o", tmp_path / "m.pte",
                 expected=[f"--example-input {path} is not a numeric .npy array"])


def test_export_no_inputs_given(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Conv", "-o", tmp_path / "m.pte",
                 expected=["give the inputs with --input-shape N,C,H,W or --example-input x.npy"])


def test_export_input_shape_not_numbers(models, tmp_path, capsys):
    export_fails(capsys, f"{models}:Conv", "--input-shape", "1x3x8x8", "-o", tmp_path / "m.pte",
                 expected=["--input-shape takes comma-separated integers, got '1x3x8x8'"])


# --- the simulator and the cross toolchain -------------------------------------------------

def _path_without(tmp_path, *programs) -> str:
    """A PATH holding only links to the tools a test needs, so `programs` are missing."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("cmake", "ninja"):
        found = shutil.which(name)
        if found:
            (bin_dir / name).symlink_to(found)
    for name in programs:
        assert not (bin_dir / name).exists()
    return str(bin_dir)


def test_sim_without_qemu(tmp_path):
    env = dict(os.environ, PATH=_path_without(tmp_path, "qemu-system-arm"), PYTHONPATH=str(REPO / "python"))
    fails([PY, "-m", "wick.sim.cli", MUL, "--elf", MUL],
          "wick sim: qemu-system-arm not found (Debian package qemu-system-arm)", code=3, env=env)


def test_sim_firmware_not_built(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    fails([PY, "-m", "wick.sim.cli", MUL, "--elf", tmp_path / "runner.elf"],
          f"wick sim: {tmp_path / 'runner.elf'} not built: cmake --preset m55", code=3, env=env)


def test_cross_build_without_the_arm_toolchain(tmp_path):
    if shutil.which("cmake") is None or shutil.which("ninja") is None:
        pytest.skip("cmake and ninja are needed to configure")
    env = dict(os.environ, PATH=_path_without(tmp_path, "arm-none-eabi-gcc"))
    fails(["cmake", "-S", REPO, "-B", tmp_path / "build", "-G", "Ninja",
           f"-DCMAKE_TOOLCHAIN_FILE={REPO / 'cmake' / 'toolchain-arm-none-eabi.cmake'}"],
          "arm-none-eabi-gcc is not on PATH: install Debian's gcc-arm-none-eabi", env=env)


# --- the Python runtime API ------------------------------------------------------------------

@pytest.fixture(scope="module")
def rt():
    return pytest.importorskip("wick.runtime", reason="C++ runtime module not built")


def api_error(rt, call) -> str:
    with pytest.raises(rt.WickError) as error:
        call()
    return str(error.value)


def test_api_load_not_a_pte(rt, tmp_path):
    path = tmp_path / "model.pte"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 60)
    assert "not a .pte: no ET12 identifier" in api_error(rt, lambda: rt.load(path))


def test_api_wrong_input_count(rt):
    module = rt.load(MUL)
    assert "method 'forward' takes 2 inputs, 1 were given" in api_error(rt, lambda: module.forward(torch.ones(3, 2)))


def test_api_wrong_input_shape_and_dtype(rt):
    module = rt.load(MUL)
    x = torch.ones(3, 2)
    assert "input 1: expected shape [3, 2], got [6]" in api_error(rt, lambda: module.forward(x, torch.ones(6)))
    assert "input 0: expected dtype float32, got int64" in api_error(
        rt, lambda: module.forward(torch.ones(3, 2, dtype=torch.int64), x))
    assert "input 0: unsupported dtype complex64" in api_error(
        rt, lambda: module.forward(np.ones((3, 2), np.complex64), x))


def test_api_scalar_where_a_tensor_goes(rt):
    module = rt.load(MUL)
    message = api_error(rt, lambda: module.forward(3, torch.ones(3, 2)))
    assert "input 0 is a Tensor, got a Int" in message, message


def test_api_wrong_method(rt):
    module = rt.load(MUL)
    assert "the program has no method 'predict' (it has: forward)" in api_error(
        rt, lambda: module.run_method("predict", []))


def test_api_planned_memory_above_the_limit(rt):
    module = rt.load(MUL, max_planned_bytes=64)
    assert "plans 96 bytes of activations, above the limit of 64 bytes" in api_error(
        rt, lambda: module.forward(torch.ones(3, 2), torch.ones(3, 2)))


def test_api_inputs_stay_valid_after_the_caller_drops_them(rt, tmp_path):
    """Regression (fuzz finding 1): unplanned inputs pointed at the caller's array after it was freed."""
    pte = deserialize_pte(MUL.read_bytes())
    for index in (0, 1):
        pte.program.execution_plan[0].values[index].val.allocation_info = None
    path = tmp_path / "unplanned_inputs.pte"
    path.write_bytes(serialize_pte(pte.program, []))
    module = rt.load(path)
    out = module.forward(np.full((3, 2), 2, np.float32), np.full((3, 2), 3, np.float32))
    np.testing.assert_array_equal(out[0], np.full((3, 2), 6, np.float32))


def test_run_inputs_stay_valid_after_they_are_read(tmp_path):
    """Regression (fuzz finding 1) through wick run: it printed freed memory as the output."""
    pte = deserialize_pte(MUL.read_bytes())
    for index in (0, 1):
        pte.program.execution_plan[0].values[index].val.allocation_info = None
    path = tmp_path / "unplanned_inputs.pte"
    path.write_bytes(serialize_pte(pte.program, []))
    two = npy(tmp_path, "two.npy", np.full((3, 2), 2, np.float32))
    three = npy(tmp_path, "three.npy", np.full((3, 2), 3, np.float32))
    result = subprocess.run([tool("wick-run"), path, "--input", two, "--input", three],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "output 0: float32 [3, 2] = [6, 6, 6, 6, 6, 6]" in result.stdout, result.stdout


def test_bundled_test_case_with_the_wrong_inputs():
    program = REPO / "tests" / "fuzz" / "bundled" / "hostile_too_many_inputs.bpte"
    result = subprocess.run([tool("wick-run"), program, "--bundled"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "FAIL forward case 0: InvalidArgument\ntest case 0 has 6 inputs, the method takes 2" in result.stdout
    assert "0 passed, 1 failed" in result.stdout
