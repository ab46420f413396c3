"""tools/firmware/size_report.py: bytes per component from a GNU ld map."""

import importlib.util
import pathlib
import re
import shutil
import subprocess

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "size_report", REPO_ROOT / "tools" / "firmware" / "size_report.py"
)
size_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(size_report)

MAP = """\
Linker script and memory map

.text           0x00000040      0x130
 *(.text .text.*)
 .text.Reset_Handler
                0x00000040       0x20 platform/corstone300/CMakeFiles/wick_platform_corstone300.dir/__/cortex_m/startup.cpp.obj
                0x00000040                Reset_Handler
 .text._ZN4wick7Program4loadE
                0x00000060      0x100 runtime/libwick_runtime.a(program.cpp.obj)
 .text          0x00000160       0x10 /usr/lib/libc_nano.a(lib_a-memcpy.o)

.rodata         0x00000170        0x8
 .rodata.kNames
                0x00000170        0x8 runtime/libwick_runtime.a(error.cpp.obj)

Cross Reference Table

Symbol                                            File
Reset_Handler                                     startup.cpp.obj
"""


def test_sums_by_component_and_section():
    assert size_report.sizes(MAP) == {
        "wick_platform_corstone300": {".text": 0x20},
        "libwick_runtime.a": {".text": 0x100, ".rodata": 0x8},
        "libc_nano.a": {".text": 0x10},
    }


def test_objects_split_archives_by_member():
    table = size_report.sizes(MAP, objects=True)
    assert table["libwick_runtime.a(program.cpp.obj)"] == {".text": 0x100}
    assert table["libwick_runtime.a(error.cpp.obj)"] == {".rodata": 0x8}


def test_rejects_a_file_that_is_not_a_map():
    with pytest.raises(ValueError):
        size_report.sizes("hello\n")


def test_built_firmware_text_matches_the_elf(board, firmware):
    elf = firmware("hello")
    size_tool = shutil.which("arm-none-eabi-size")
    if size_tool is None:
        pytest.skip("arm-none-eabi-size not installed")
    listing = subprocess.run([size_tool, "-A", str(elf)], capture_output=True, text=True).stdout
    elf_text = int(re.search(r"^\.text\s+(\d+)", listing, re.M).group(1))
    table = size_report.sizes(elf.with_suffix(".map").read_text(errors="replace"))
    mapped = sum(row.get(".text", 0) for row in table.values())
    # Alignment padding between input sections belongs to no component.
    assert elf_text - 64 <= mapped <= elf_text
