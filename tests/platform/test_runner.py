"""The runner firmware (tools/firmware/runner.cpp) and its host side
(python/wick/sim): corpus programs give the same bytes on the simulated
boards as on the host's wick-run, and the report is complete.

Nothing is built here: missing firmware or a missing host wick-run skips,
saying which build to make. Set WICK_SIM_BUILD_ROOT to use firmware builds
other than build/<board>."""

import json
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from wick.sim import cli, qemu, report, runner

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS_DIR = (REPO_ROOT / ".." / "shared" / "pte-corpus").resolve()
HOST_RUN = REPO_ROOT / "build" / "host" / "tools" / "wick-run"

KEYWORD_SPOTTING = "pytorch__executorch__arduino_KeywordSpotting_model.pte"
SMALL_PROGRAMS = [
    "barakugav__executorch-rs__add.pte",
    "mybigday__node-executorch__mul.pte",
    "pytorch__executorch__arduino_AddModel_model.pte",
]


def corpus(name: str) -> pathlib.Path:
    path = CORPUS_DIR / name
    if not path.is_file():
        pytest.skip(f"pte corpus not found at {CORPUS_DIR} (it lives beside the repo in shared/)")
    return path


def runner_elf(board: str) -> pathlib.Path:
    if shutil.which("qemu-system-arm") is None:
        pytest.skip("qemu-system-arm not installed (Debian package qemu-system-arm)")
    elf = runner.firmware_path(board)
    if not elf.is_file():
        pytest.skip(f"{elf} not built: {runner.build_command(board)}")
    return elf


def host_outputs(program: pathlib.Path, inputs, tmp_path: pathlib.Path):
    """Outputs of the host's wick-run for the same .npy inputs."""
    if not HOST_RUN.is_file():
        pytest.skip(f"{HOST_RUN} not built: cmake --preset host-release && "
                    "cmake --build build/host --target wick-run")
    out = tmp_path / "host"
    out.mkdir()
    command = [str(HOST_RUN), str(program), "--output-dir", str(out)]
    for i, array in enumerate(inputs):
        np.save(tmp_path / f"host_input_{i}.npy", array)
        command += ["--input", str(tmp_path / f"host_input_{i}.npy")]
    subprocess.run(command, check=True, capture_output=True)
    return [np.load(out / f"output_{i}.npy") for i in range(len(list(out.glob("output_*.npy"))))]


def assert_same_bytes(device, host):
    assert len(device) == len(host) > 0
    for d, h in zip(device, host):
        assert d.dtype == h.dtype and d.shape == h.shape
        assert d.tobytes() == h.tobytes(), f"device {d} != host {h}"


# --- The report format (no firmware needed) ---------------------------------

SAMPLE = """\
boot noise
WICK program source=file bytes=100 method=forward instructions=2
WICK input index=0 dtype=int8 shape=1,4 source=input_0.npy
[E] some log line
WICK op index=0 name=aten::add.out calls=1 instructions=50
WICK op index=1 name=aten::add.out calls=1 instructions=70
WICK total instructions=130
WICK memory planned=16 method_arena=300 temp_arena=0 program=100
WICK stack high_water=512 size=65536
WICK output index=0 dtype=int8 shape=1,4 path=out/output_0.npy
WICK done status=Ok
"""


def test_report_parses_every_record():
    r = report.parse(SAMPLE)
    assert r.ok and r.method == "forward" and r.num_instructions == 2
    assert r.inputs[0].shape == (1, 4) and r.inputs[0].location == "input_0.npy"
    assert [op.instructions for op in r.operators] == [50, 70]
    assert r.by_operator() == [("aten::add.out", 2, 120)]
    assert r.total_instructions == 130
    assert r.memory == {"planned": 16, "method_arena": 300, "temp_arena": 0, "program": 100}
    assert r.stack == {"high_water": 512, "size": 65536}
    assert r.outputs[0].location == "out/output_0.npy"


def test_report_without_done_is_an_error():
    with pytest.raises(report.ReportError, match="done"):
        report.parse(SAMPLE.replace("WICK done status=Ok\n", ""))


@pytest.mark.parametrize("line", ["WICK total instructions=many", "WICK op index=0 name",
                                  "WICK surprise x=1"])
def test_malformed_report_lines_are_errors(line):
    with pytest.raises(report.ReportError):
        report.parse(SAMPLE + line + "\n")


def test_staging_writes_the_protocol(tmp_path):
    program = tmp_path / "model.pte"
    program.write_bytes(b"not really a program")
    big_endian = np.arange(6, dtype=">i4").reshape(2, 3)
    work = tmp_path / "work"
    work.mkdir()
    runner.stage(work, program, [big_endian.T], "forward", True)
    assert (work / "runner_args.txt").read_text().splitlines()[1:] == [
        "program program.pte", "method forward", "input input_0.npy", "output_dir out", "profile"]
    staged = np.load(work / "input_0.npy")
    assert staged.dtype == np.dtype("<i4") and staged.flags.c_contiguous
    assert np.array_equal(staged, big_endian.T)
    assert (work / "program.pte").read_bytes() == program.read_bytes()


def test_random_inputs_follow_the_program_and_the_seed():
    program = corpus(KEYWORD_SPOTTING)
    a = runner.random_inputs(program, seed=3)
    b = runner.random_inputs(program, seed=3)
    assert len(a) == 1 and a[0].dtype == np.float32 and a[0].shape == (1, 1, 49, 10)
    assert a[0].tobytes() == b[0].tobytes()
    assert a[0].tobytes() != runner.random_inputs(program, seed=4)[0].tobytes()


# --- On the simulated boards ------------------------------------------------

@pytest.mark.parametrize("board_name", ["m55", "m4"])
def test_keyword_spotting_matches_the_host_bit_for_bit(board_name, tmp_path):
    elf = runner_elf(board_name)
    program = corpus(KEYWORD_SPOTTING)
    inputs = runner.random_inputs(program, seed=7)
    run = runner.run_program(program, inputs, board=board_name, elf=elf, profile=True)
    assert run.report.ok, run.console
    assert_same_bytes(run.outputs, host_outputs(program, inputs, tmp_path))

    r = run.report
    assert [op.index for op in r.operators] == list(range(r.num_instructions))
    assert r.operators[1].name == "cortex_m::quantized_depthwise_conv2d.out"
    assert all(op.calls == 1 and op.instructions > 0 for op in r.operators)
    assert 0 < sum(op.instructions for op in r.operators) <= r.total_instructions
    assert r.memory["planned"] == 16000
    assert 0 < r.stack["high_water"] < r.stack["size"]


@pytest.mark.parametrize("name", SMALL_PROGRAMS)
def test_small_corpus_programs_match_the_host(name, board, tmp_path):
    elf = runner_elf(board)
    program = corpus(name)
    inputs = runner.random_inputs(program, seed=11)
    run = runner.run_program(program, inputs, board=board, elf=elf)
    assert run.report.ok, run.console
    assert run.report.operators == []  # counted only with profile
    assert_same_bytes(run.outputs, host_outputs(program, inputs, tmp_path))


def test_zero_inputs_without_input_files(board):
    elf = runner_elf(board)
    run = runner.run_program(corpus(SMALL_PROGRAMS[2]), board=board, elf=elf)
    assert run.report.ok, run.console
    assert [i.location for i in run.report.inputs] == ["zeros"]
    assert run.outputs[0].dtype == np.float32


def test_wrong_input_dtype_is_reported_not_crashed(tmp_path):
    elf = runner_elf("m55")
    bad = np.zeros((1, 1, 49, 10), dtype=np.int32)
    run = runner.run_program(corpus(KEYWORD_SPOTTING), [bad], board="m55", elf=elf)
    assert run.report.status == "InvalidArgument", run.console
    assert run.returncode == 2 and run.outputs == []


def test_wrong_number_of_inputs_is_reported(tmp_path):
    elf = runner_elf("m55")
    x = np.zeros((1, 1, 49, 10), dtype=np.float32)
    run = runner.run_program(corpus(KEYWORD_SPOTTING), [x, x], board="m55", elf=elf)
    assert run.report.status == "InvalidArgument"
    assert "takes 1 inputs, runner_args.txt names 2" in run.console


@pytest.mark.parametrize("args_text, message", [
    ("frobnicate 1\n", "unknown directive 'frobnicate 1'"),
    ("input\n", "needs a value"),
    ("program " + "p" * 200 + "\n", "at most 127 fit"),
    ("program missing.pte\n", "cannot open 'missing.pte'"),
])
def test_bad_runner_args_exit_2(args_text, message, tmp_path):
    elf = runner_elf("m55")
    (tmp_path / "runner_args.txt").write_text(args_text)
    result = qemu.run_firmware(elf, "m55", cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.output
    assert message in result.output


def test_truncated_npy_input_is_reported(tmp_path):
    elf = runner_elf("m55")
    shutil.copyfile(corpus(KEYWORD_SPOTTING), tmp_path / "program.pte")
    np.save(tmp_path / "x.npy", np.zeros((1, 1, 49, 10), dtype=np.float32))
    data = (tmp_path / "x.npy").read_bytes()
    (tmp_path / "x.npy").write_bytes(data[:-4])
    (tmp_path / "runner_args.txt").write_text("input x.npy\n")
    result = qemu.run_firmware(elf, "m55", cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.output
    assert "490 elements of 4 bytes need more than the 1956 data bytes present" in result.output


def test_cli_writes_outputs_and_json(tmp_path, capsys):
    runner_elf("m55")
    program = corpus(SMALL_PROGRAMS[1])
    x = tmp_path / "x.npy"
    y = tmp_path / "y.npy"
    np.save(x, np.arange(6, dtype=np.float32).reshape(3, 2))
    np.save(y, np.full((3, 2), 2, dtype=np.float32))
    status = cli.main([str(program), "--input", str(x), "--input", str(y), "--profile",
                       "--output-dir", str(tmp_path / "out"), "--json", str(tmp_path / "r.json")])
    assert status == 0
    printed = capsys.readouterr().out
    assert "| aten::mul.out | 1 |" in printed
    assert np.array_equal(np.load(tmp_path / "out" / "output_0.npy"),
                          np.arange(6, dtype=np.float32).reshape(3, 2) * 2)
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["status"] == "Ok" and data["board"] == "m55"
    assert data["operators"][0]["name"] == "aten::mul.out"
    assert data["total_instructions"] >= data["operators"][0]["instructions"] > 0


def test_cli_without_firmware_says_how_to_build(tmp_path, capsys):
    status = cli.main([str(tmp_path / "model.pte"), "--inputs", "zeros",
                       "--elf", str(tmp_path / "missing.elf")])
    assert status == cli.EXIT_NO_RUN
    assert "not built" in capsys.readouterr().err


def test_model_linked_into_flash_runs_without_a_program_file(tmp_path):
    runner_elf("m55")
    elf = runner.firmware_path("m55", "runner_kws")
    if not elf.is_file():
        pytest.skip(f"{elf} not built: configure build/m55 with -DWICK_RUNNER_MODELS="
                    f"\"kws=<corpus>/{KEYWORD_SPOTTING}\" and build runner_kws")
    x = runner.random_inputs(corpus(KEYWORD_SPOTTING), seed=5)[0]
    np.save(tmp_path / "x.npy", x)
    (tmp_path / "out").mkdir()
    (tmp_path / "runner_args.txt").write_text("input x.npy\noutput_dir out\n")
    result = qemu.run_firmware(elf, "m55", cwd=tmp_path, timeout=120)
    linked = report.parse(result.output)
    assert result.ok and linked.program_source == "linked", result.output
    full = runner.run_program(corpus(KEYWORD_SPOTTING), [x], board="m55")
    assert_same_bytes([np.load(tmp_path / "out" / "output_0.npy")], full.outputs)
    assert linked.memory == full.report.memory
