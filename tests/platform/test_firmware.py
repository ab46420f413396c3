"""The Cortex-M platform on QEMU: console, files, counter, stack, heap trap."""

import re

import pytest

from wick.sim import qemu

# SysTick ticks for 2,000,000 instructions under -icount shift=5 (anchors.md).
TICKS_PER_2M_INSTRUCTIONS = {"m55": 2_048_000, "m4": 1_600_000, "m7": 1_600_000}


def test_hello_exercises_every_platform_service(board, firmware, tmp_path):
    result = qemu.run_firmware(firmware("hello"), board, cwd=tmp_path, timeout=60)
    assert result.ok, result.output
    assert "hello: OK" in result.output
    # platform_log's vsnprintf formatting, through semihosting.
    assert (
        "wick info: platform_log: -42 text 0x0000beef     7|3   | -5000000000 18446744073709551615"
        in result.output
    )
    # SYS_OPEN/WRITE resolve relative paths against QEMU's working directory.
    written = (tmp_path / "hello_roundtrip.bin").read_bytes()
    assert written.startswith(b"wick semihosting round trip \x01\x02\x00\xff")
    high_water = re.search(r"stack high-water: \d+ bytes before, (\d+) after", result.output)
    assert high_water and 8 * 1024 <= int(high_water.group(1)) < 64 * 1024


def test_counter_calibration_matches_anchors(board, firmware, tmp_path):
    result = qemu.run_firmware(firmware("calibrate"), board, cwd=tmp_path, timeout=120)
    assert result.ok, result.output
    ticks = re.search(r"2000000 extra instructions -> (\d+) ticks", result.output)
    assert ticks, result.output
    # Exact up to one tick of read-out rounding.
    assert abs(int(ticks.group(1)) - TICKS_PER_2M_INSTRUCTIONS[board]) <= 1
    assert "calibrate: OK" in result.output


def test_heap_use_ends_the_program_loudly(board, firmware, tmp_path):
    result = qemu.run_firmware(firmware("heap_trap"), board, cwd=tmp_path, timeout=60)
    assert result.returncode == qemu.EXIT_HEAP_USE, result.output
    assert "malloc called" in result.output
    assert "instead of trapping" not in result.output


def test_runner_kills_a_run_past_its_timeout(board, firmware, tmp_path):
    result = qemu.run_firmware(firmware("calibrate"), board, cwd=tmp_path, timeout=0.05)
    assert result.timed_out and result.returncode is None and not result.ok


def test_runner_refuses_a_missing_image(tmp_path):
    with pytest.raises(FileNotFoundError):
        qemu.run_firmware(tmp_path / "absent.elf")


def test_stack_overflow_is_a_reported_fault_on_armv8m(board, firmware, tmp_path):
    if board != "m55":
        pytest.skip("Armv7-M (M4, M7) has no stack limit register")
    result = qemu.run_firmware(firmware("stack_overflow"), board, cwd=tmp_path, timeout=60)
    assert result.returncode == qemu.EXIT_FAULT, result.output
    # CFSR.STKOF: the stack limit (MSPLIM) caught it.
    assert re.search(r"wick fault: UsageFault .* cfsr=0x00100000", result.output), result.output
    assert "without a fault" not in result.output
