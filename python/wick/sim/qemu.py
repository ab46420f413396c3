"""Run a Cortex-M firmware ELF under QEMU with semihosting and a counted clock.

Every run uses ``-icount shift=5``: the platform's instruction counter
(platform/cortex_m/instruction_counter.cpp) is calibrated for exactly that
setting. Semihosting file paths are relative to ``cwd``; QEMU sends the
firmware's semihosting console output to its stderr, and ``QemuResult.output``
joins both streams in the order QEMU wrote them.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess
from typing import Optional, Sequence, Union

# Build preset (see CMakePresets.json) -> QEMU machine.
BOARDS = {
    "m55": "mps3-an547",  # Corstone-300: Cortex-M55 + Helium
    "m4": "mps2-an386",  # Cortex-M4
    "m7": "mps2-an500",  # Cortex-M7
}

# Exit statuses the platform itself uses (platform/cortex_m/startup.h).
EXIT_HEAP_USE = 101
EXIT_FAULT = 102
EXIT_ABORT = 103

PathLike = Union[str, os.PathLike]


@dataclasses.dataclass
class QemuResult:
    command: list
    returncode: Optional[int]  # None when the run timed out
    output: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode == 0


def qemu_command(elf: PathLike, machine: str, qemu: str = "qemu-system-arm") -> list:
    return [
        qemu,
        "-M",
        machine,
        "-nographic",
        "-semihosting",
        "-icount",
        "shift=5",
        "-kernel",
        str(pathlib.Path(elf).resolve()),
    ]


def run_firmware(
    elf: PathLike,
    board: str = "m55",
    *,
    cwd: Optional[PathLike] = None,
    timeout: float = 120.0,
    qemu: str = "qemu-system-arm",
    extra_args: Sequence[str] = (),
) -> QemuResult:
    """Runs `elf` on `board` (a key of BOARDS, or a QEMU machine name).

    The firmware's main() return value is the exit status; the platform's own
    failures use EXIT_HEAP_USE, EXIT_FAULT and EXIT_ABORT. A run longer than
    `timeout` seconds is killed and reported with timed_out=True.
    """
    elf = pathlib.Path(elf)
    if not elf.is_file():
        raise FileNotFoundError(f"firmware not found: {elf}")
    if shutil.which(qemu) is None:
        raise FileNotFoundError(f"{qemu} not found (Debian package qemu-system-arm)")
    machine = BOARDS.get(board, board)
    command = qemu_command(elf, machine, qemu) + list(extra_args)
    # -nographic multiplexes the QEMU monitor onto stdio: give it no input.
    process = subprocess.Popen(
        command,
        cwd=None if cwd is None else str(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        return QemuResult(command, None, out.decode("utf-8", "replace"), timed_out=True)
    return QemuResult(command, process.returncode, out.decode("utf-8", "replace"))


def main(argv: Optional[Sequence[str]] = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Run a Wick firmware ELF under QEMU.")
    parser.add_argument("elf")
    parser.add_argument("--board", default="m55", help="m55, m4, m7 or a QEMU machine name")
    parser.add_argument("--cwd", default=None, help="working directory (semihosting files)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    result = run_firmware(args.elf, args.board, cwd=args.cwd, timeout=args.timeout)
    sys.stdout.write(result.output)
    if result.timed_out:
        sys.stderr.write(f"timed out after {args.timeout} s\n")
        return 124
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
