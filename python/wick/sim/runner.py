"""Run a .pte on a simulated Cortex-M board with the runner firmware.

    from wick.sim import runner
    run = runner.run_program("model.pte", [x], board="m55", profile=True)
    run.report.total_instructions, run.report.operators, run.outputs[0]

Nothing is built here: the firmware is build/<board>/tools/firmware/runner.elf
(`cmake --preset m55 && cmake --build build/m55 --target runner`), or under
$WICK_SIM_BUILD_ROOT/<board> when that is set, or the `elf` argument.

Each run stages its files in a fresh temporary directory, which becomes
QEMU's working directory (semihosting paths are relative to it):

    runner_args.txt   the protocol of tools/firmware/runner_args.h
    program.pte       a symbolic link to the program
    input_<i>.npy     every input rewritten by numpy as a C-ordered,
                      little-endian .npy (the firmware reads only that form)
    out/output_<i>.npy  written by the firmware
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import tempfile
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np

from wick.sim import qemu, report as report_mod

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
PathLike = Union[str, os.PathLike]
ArrayLike = Union[np.ndarray, PathLike]


class SimError(RuntimeError):
    """The firmware is missing, QEMU failed, or the firmware reported an error."""


@dataclasses.dataclass
class SimRun:
    board: str
    elf: pathlib.Path
    report: report_mod.Report
    outputs: List[np.ndarray]
    returncode: Optional[int]
    console: str  # everything the firmware and QEMU printed


def build_dir(board: str, build_root: Optional[PathLike] = None) -> pathlib.Path:
    root = build_root or os.environ.get("WICK_SIM_BUILD_ROOT") or REPO_ROOT / "build"
    return pathlib.Path(root) / board


def firmware_path(board: str, name: str = "runner",
                  build_root: Optional[PathLike] = None) -> pathlib.Path:
    return build_dir(board, build_root) / "tools" / "firmware" / f"{name}.elf"


def build_command(board: str, target: str = "runner") -> str:
    return f"cmake --preset {board} && cmake --build build/{board} --target {target}"


def method_inputs(program: PathLike, method: Optional[str] = None
                  ) -> List[Tuple[Optional[np.dtype], Tuple[int, ...]]]:
    """(numpy dtype, shape) of each input of `method` (default: the first);
    (None, ()) for an input that is not a tensor."""
    from wick.pte import deserialize_pte
    from wick.pte.dtypes import NUMPY_DTYPE

    plans = deserialize_pte(pathlib.Path(program).read_bytes()).program.execution_plan
    plan = next((p for p in plans if method is None or p.name == method), None)
    if plan is None:
        raise SimError(f"{program} has no method {method!r}")
    infos = []
    for index in plan.inputs:
        value = plan.values[index].val
        if type(value).__name__ != "Tensor":
            infos.append((None, ()))
            continue
        dtype = NUMPY_DTYPE.get(value.scalar_type)
        infos.append((np.dtype(dtype) if dtype is not None else None, tuple(value.sizes)))
    return infos


def random_inputs(program: PathLike, seed: int = 0, method: Optional[str] = None
                  ) -> List[np.ndarray]:
    """Seeded inputs for every tensor input: floats uniform in [-1, 1),
    integers uniform over their range (at most [-128, 127]), booleans fair."""
    rng = np.random.default_rng(seed)
    arrays = []
    for i, (dtype, shape) in enumerate(method_inputs(program, method)):
        if dtype is None:
            raise SimError(f"input {i} is not a tensor (or has no numpy dtype); pass it as .npy")
        if dtype.kind == "f":
            arrays.append(rng.uniform(-1, 1, shape).astype(dtype))
        elif dtype.kind == "b":
            arrays.append(rng.integers(0, 2, shape).astype(dtype))
        else:
            info = np.iinfo(dtype)
            low, high = max(int(info.min), -128), min(int(info.max), 127)
            arrays.append(rng.integers(low, high + 1, shape).astype(dtype))
    return arrays


def _as_array(value: ArrayLike) -> np.ndarray:
    array = value if isinstance(value, np.ndarray) else np.load(value, allow_pickle=False)
    array = np.ascontiguousarray(array)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    return array


def stage(workdir: pathlib.Path, program: PathLike, inputs: Sequence[ArrayLike],
          method: Optional[str], profile: bool) -> None:
    """Writes QEMU's working directory for one run."""
    program = pathlib.Path(program).resolve()
    if not program.is_file():
        raise SimError(f"program not found: {program}")
    try:
        (workdir / "program.pte").symlink_to(program)
    except OSError:
        shutil.copyfile(program, workdir / "program.pte")
    lines = ["# written by wick.sim.runner; see tools/firmware/runner_args.h",
             "program program.pte"]
    if method:
        lines.append(f"method {method}")
    for i, value in enumerate(inputs):
        np.save(workdir / f"input_{i}.npy", _as_array(value), allow_pickle=False)
        lines.append(f"input input_{i}.npy")
    (workdir / "out").mkdir()
    lines.append("output_dir out")
    if profile:
        lines.append("profile")
    (workdir / "runner_args.txt").write_text("\n".join(lines) + "\n")


def run_program(program: PathLike, inputs: Sequence[ArrayLike] = (), *, board: str = "m55",
                method: Optional[str] = None, profile: bool = False,
                elf: Optional[PathLike] = None, timeout: float = 600.0) -> SimRun:
    """Runs `method` of `program` once on `board` ("m55", "m4" or "m7").

    With no `inputs` the firmware zero-fills every input. Raises SimError
    when the firmware is not built, QEMU times out, or the report is missing;
    a runtime failure is returned with report.status naming the error."""
    elf = pathlib.Path(elf) if elf else firmware_path(board)
    if not elf.is_file():
        raise SimError(f"{elf} not built: {build_command(board)}")
    with tempfile.TemporaryDirectory(prefix="wick-sim-") as tmp:
        workdir = pathlib.Path(tmp)
        stage(workdir, program, inputs, method, profile)
        result = qemu.run_firmware(elf, board, cwd=workdir, timeout=timeout)
        if result.timed_out:
            raise SimError(f"{elf.name} on {board} timed out after {timeout} s:\n{result.output}")
        try:
            parsed = report_mod.parse(result.output)
        except report_mod.ReportError as error:
            raise SimError(f"{error}; exit status {result.returncode}; console:\n"
                           f"{result.output}") from None
        outputs = []
        if parsed.ok:
            for info in parsed.outputs:
                outputs.append(np.load(workdir / info.location, allow_pickle=False))
    return SimRun(board, elf, parsed, outputs, result.returncode, result.output)
