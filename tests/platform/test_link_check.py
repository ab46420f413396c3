"""No heap in a firmware that links the runtime and the kernels
(tools/firmware/check_link.py), and that firmware runs a real program."""

import importlib.util
import pathlib
import shutil

import pytest

from wick.sim import qemu

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS_DIR = (REPO_ROOT / ".." / "shared" / "pte-corpus").resolve()

_spec = importlib.util.spec_from_file_location(
    "check_link", REPO_ROOT / "tools" / "firmware" / "check_link.py"
)
check_link = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_link)

TRAP = "platform/corstone300/CMakeFiles/p.dir/__/cortex_m/heap_trap.cpp.obj"
LIBC = "/usr/lib/arm-none-eabi/lib/thumb/v8-m.main+dp/hard/libc_nano.a"
RUNTIME = "runtime/libwick_runtime.a(program.cpp.obj)"


def cref(*rows):
    """A --cref table; each row is (symbol, definer, referencers...)."""
    lines = ["Memory map", "", "Cross Reference Table", "", f"{'Symbol':50}File"]
    for symbol, *files in rows:
        lines.append(f"{symbol:50}{files[0]}")
        lines.extend(" " * 50 + f for f in files[1:])
    return "\n".join(lines) + "\n"


def test_clean_link_passes():
    text = cref(
        ("malloc", TRAP),
        ("_malloc_r", TRAP, f"{LIBC}(lib_a-nano-svfprintf.o)"),
        ("memcpy", f"{LIBC}(lib_a-memcpy.o)", RUNTIME),
    )
    assert check_link.violations(text) == []


@pytest.mark.parametrize(
    "rows, culprit",
    [
        ([("_Znwj", "libstdc++_nano.a(new_op.o)", RUNTIME)], "_Znwj"),
        ([("_ZdlPvj", "libstdc++_nano.a(del_ops.o)", RUNTIME)], "_ZdlPvj"),
        ([("malloc", TRAP, "kernels/portable/libwick_kernels_portable.a(add.cpp.obj)")], "add.cpp"),
        ([("_malloc_r", f"{LIBC}(lib_a-nano-mallocr.o)")], "nano-mallocr"),
        ([("free", TRAP, f"{LIBC}(lib_a-fopen.o)")], "fopen"),
    ],
)
def test_heap_use_is_reported(rows, culprit):
    problems = check_link.violations(cref(*rows))
    assert problems and any(culprit in p for p in problems), problems


def test_map_without_cross_references_is_an_error():
    with pytest.raises(ValueError):
        check_link.violations("Memory map\n")


def test_built_link_check_has_no_heap_references(board):
    link_map = REPO_ROOT / "build" / board / "tools" / "firmware" / "link_check.map"
    if not link_map.is_file():
        pytest.skip(f"{link_map.relative_to(REPO_ROOT)} not built (cmake --build build/{board} "
                    "--target link_check)")
    assert check_link.violations(link_map.read_text(errors="replace")) == []


def test_built_heap_trap_firmware_fails_the_check(board):
    # tools/firmware/heap_trap.cpp calls malloc on purpose: a real failing map.
    link_map = REPO_ROOT / "build" / board / "tools" / "firmware" / "heap_trap.map"
    if not link_map.is_file():
        pytest.skip(f"{link_map.relative_to(REPO_ROOT)} not built")
    problems = check_link.violations(link_map.read_text(errors="replace"))
    assert any("malloc is referenced by" in p and "heap_trap.dir" in p for p in problems), problems


def test_link_check_runs_a_corpus_program(board, firmware, tmp_path):
    program = CORPUS_DIR / "pytorch__executorch__arduino_AddModel_model.pte"
    if not program.is_file():
        pytest.skip(f"pte corpus not found at {CORPUS_DIR} (it lives beside the repo in shared/)")
    shutil.copyfile(program, tmp_path / "program.pte")  # into a temporary directory only
    result = qemu.run_firmware(firmware("link_check"), board, cwd=tmp_path, timeout=120)
    assert result.ok, result.output
    assert "link_check: OK" in result.output


def test_link_check_without_a_program_says_so(board, firmware, tmp_path):
    result = qemu.run_firmware(firmware("link_check"), board, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.output
    assert "no program.pte" in result.output


def test_demangled_map_is_an_error():
    with pytest.raises(ValueError):
        check_link.violations(cref(("operator new(unsigned int)", "libstdc++_nano.a(new_op.o)")))
