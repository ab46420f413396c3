"""The Tiny RPS game firmware (examples/tiny_rps/firmware) on the simulated
Cortex-M55: a short automatic game whose rounds and score add up, whose
images the host re-renders bit for bit, and whose int8 logits Wick on the
host reproduces bit for bit; the interactive game reading keys; bad
arguments refused.

It runs tiny_rps_game_smoke.elf (an untrained stand-in program exported at
build time, so no training is needed). Nothing is built here: a missing
image skips, saying which build to make. WICK_SIM_BUILD_ROOT selects a build
root other than build/."""

import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest

from wick.sim import runner

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "examples"))

from tiny_rps import play  # noqa: E402


@pytest.fixture(scope="module")
def smoke():
    if shutil.which("qemu-system-arm") is None:
        pytest.skip("qemu-system-arm not installed (Debian package qemu-system-arm)")
    game = runner.build_dir("m55") / "examples" / "tiny_rps"
    elf = game / "tiny_rps_game_smoke.elf"
    if not elf.is_file():
        pytest.skip(f"{elf} not built: cmake --preset m55 && cmake --build build/m55 "
                    "--target tiny_rps_game_smoke")
    return elf, game / "smoke" / "tiny_rps_smoke_int8.pte"


@pytest.fixture(scope="module")
def auto_game(smoke):
    elf, _ = smoke
    return play.run_auto(elf, 4, seed=11, art=1)


def beats(a: int, b: int) -> bool:
    return (a - b) % 3 == 1  # rock 0 > scissors 2 > paper 1 > rock 0


def test_rounds_and_score_add_up(auto_game):
    rounds, summary = auto_game.rounds, auto_game.summary
    assert [r["index"] for r in rounds] == [1, 2, 3, 4]
    assert summary["rounds"] == 4 and summary["images"] == 8
    assert summary["wins"] + summary["losses"] + summary["ties"] == 4
    for r in rounds:
        expected = ("win" if beats(r["you_pred"], r["cpu_pred"]) else
                    "lose" if beats(r["cpu_pred"], r["you_pred"]) else "tie")
        assert r["result"] == expected  # decided by the predicted labels
        assert 333 <= r["you_conf"] <= 1000 and r["you_instr"] > 100_000
    assert summary["wins"] == sum(r["result"] == "win" for r in rounds)
    assert summary["correct"] == sum((r["you"] == r["you_pred"]) + (r["cpu"] == r["cpu_pred"]) for r in rounds)
    records = auto_game.records
    assert records["label"].tolist() == [v for r in rounds for v in (r["you"], r["cpu"])]
    assert records["predicted"].tolist() == [v for r in rounds for v in (r["you_pred"], r["cpu_pred"])]


def test_console_shows_art_labels_and_instruction_counts(auto_game):
    text = auto_game.console
    assert text.count("Round ") == 1  # art for the first round only (art 1)
    assert "Wick sees" in text and "instructions" in text and "Final score" in text
    art_rows = [line for line in text.splitlines() if line.startswith("  |")]
    assert len(art_rows) == 14 and all(len(line) == 2 + 2 * 30 + 4 for line in art_rows)


def test_host_re_renders_the_device_images(auto_game):
    assert np.array_equal(play.rerender(auto_game.records, 11), auto_game.records["image"])


def test_host_and_device_give_the_same_int8_logits(smoke, auto_game):
    pytest.importorskip("wick.runtime")
    _, pte = smoke
    same = play.compare_with_host(auto_game, pte)
    assert same == {"images": 8, "same_prediction": 8, "same_logits_bits": 8}


def test_interactive_game_reads_keys(smoke, tmp_path):
    elf, _ = smoke
    play.write_args(tmp_path, seed=3, auto=None, art=None, record=None)
    done = subprocess.run(play.qemu_command(elf), cwd=tmp_path, input=b"rxSq", capture_output=True,
                          timeout=120)
    console = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, console
    assert "Round 1: you played rock" in console
    assert "r, p or s (q quits)" in console  # the x
    assert "Round 2: you played scissors" in console
    assert "Round 3" not in console and "Final score" in console
    assert "WICK round" not in console  # the protocol lines are for automatic games only


def test_end_of_input_ends_the_interactive_game(smoke, tmp_path):
    elf, _ = smoke
    play.write_args(tmp_path, seed=3, auto=None, art=None, record=None)
    done = subprocess.run(play.qemu_command(elf), cwd=tmp_path, input=b"p", capture_output=True,
                          timeout=120)
    console = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0 and "Round 1: you played paper" in console and "Final score" in console


def test_bad_arguments_are_refused(smoke, tmp_path):
    elf, _ = smoke
    (tmp_path / play.ARGS_FILE).write_text("seed 3\nauto many\n")
    done = subprocess.run(play.qemu_command(elf), cwd=tmp_path, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120)
    console = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 2
    assert "tiny_rps_game.txt line 2" in console and "WICK done status=InvalidArgument" in console
