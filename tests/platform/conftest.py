"""Firmware tests: run images from the cross builds (build/m55, build/m4,
build/m7) under QEMU. Nothing is built here; a missing image skips, saying
which build to make."""

import pathlib
import shutil
import sys

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python"))

BOARD_NAMES = ["m55", "m4", "m7"]


@pytest.fixture(params=BOARD_NAMES)
def board(request) -> str:
    if shutil.which("qemu-system-arm") is None:
        pytest.skip("qemu-system-arm not installed (Debian package qemu-system-arm)")
    return request.param


@pytest.fixture
def firmware(board):
    """firmware(name) -> path of build/<board>/tools/firmware/<name>.elf, or skip."""

    def find(name: str) -> pathlib.Path:
        elf = REPO_ROOT / "build" / board / "tools" / "firmware" / f"{name}.elf"
        if not elf.is_file():
            pytest.skip(
                f"{elf.relative_to(REPO_ROOT)} not built: "
                f"cmake --preset {board} && cmake --build build/{board} --target {name}"
            )
        return elf

    return find
