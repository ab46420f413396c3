"""Play Tiny RPS on the simulated Cortex-M55: the game firmware under QEMU.

    python3 -m tiny_rps.play GAME.elf [--auto N] [--seed S] [--art N] [--record FILE]

Interactive when stdin is a terminal and --auto is not given: QEMU's
semihosting console is the terminal, keys r/p/s play and q quits. Otherwise
N automatic rounds (default 5), whose per-round lines are parsed, and every
classified image is recorded (firmware/record.h) for the checks below.

The firmware is a build product: tiny_rps_game.elf (the demo's trained
program, `./wick demo` builds it) or tiny_rps_game_smoke.elf, both under
<build>/examples/tiny_rps/.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from . import glyphs, render

MACHINE = "mps3-an547"  # Corstone-300: Cortex-M55 + Helium
ARGS_FILE = "tiny_rps_game.txt"
RECORD_DTYPE = np.dtype([("image", "u1", (28, 28)), ("label", "u1"), ("predicted", "u1"),
                         ("confidence", "<u2"), ("logits", "<f4", 3), ("instructions", "<u4")])


class GameError(RuntimeError):
    """QEMU is missing, the firmware failed, or its report is incomplete."""


@dataclasses.dataclass
class GameResult:
    rounds: List[Dict[str, int]]
    summary: Dict[str, int]
    records: np.ndarray  # RECORD_DTYPE, two per round (the player's letter, then the device's)
    console: str

    @property
    def accuracy(self) -> float:
        return self.summary["correct"] / max(1, self.summary["images"])


def qemu_command(elf: pathlib.Path) -> List[str]:
    """QEMU with semihosting on its own stdin (the keys) and stderr (the
    console), no serial port and no monitor (which -nographic would put on
    stdin too), and the instruction-counted clock the platform's counter is
    calibrated for."""
    qemu = shutil.which("qemu-system-arm")
    if qemu is None:
        raise GameError("qemu-system-arm not found (Debian package qemu-system-arm)")
    return [qemu, "-M", MACHINE, "-display", "none", "-serial", "null", "-monitor", "none",
            "-semihosting", "-icount", "shift=5", "-kernel", str(pathlib.Path(elf).resolve())]


def write_args(directory: pathlib.Path, seed: int, auto: Optional[int], art: Optional[int],
               record: Optional[str]) -> None:
    lines = [f"seed {seed}"]
    if auto:
        lines.append(f"auto {auto}")
    if art is not None:
        lines.append(f"art {art}")
    if record:
        lines.append(f"record {record}")
    (directory / ARGS_FILE).write_text("\n".join(lines) + "\n")


def parse_fields(line: str) -> Dict[str, str]:
    return dict(part.split("=", 1) for part in line.split()[2:] if "=" in part)


def run_auto(elf: pathlib.Path, rounds: int, seed: int, art: Optional[int] = None,
             echo: Optional[Callable[[str], None]] = None,
             on_round: Optional[Callable[[Dict[str, int]], None]] = None,
             timeout: float = 600.0) -> GameResult:
    """Plays `rounds` automatic rounds; `echo` gets each console line that is
    not a protocol line, `on_round` each parsed round."""
    if not pathlib.Path(elf).is_file():
        raise GameError(f"firmware not found: {elf}")
    with tempfile.TemporaryDirectory(prefix="tiny_rps_") as tmp:
        work = pathlib.Path(tmp)
        write_args(work, seed, rounds, art, "record.bin")
        process = subprocess.Popen(qemu_command(elf), cwd=work, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   errors="replace")
        console, parsed, summary, status = [], [], None, None
        try:
            for line in process.stdout:
                console.append(line)
                if line.startswith("WICK round "):
                    fields = {k: int(v) if v.lstrip("-").isdigit() else v
                              for k, v in parse_fields(line).items()}
                    parsed.append(fields)
                    if on_round:
                        on_round(fields)
                elif line.startswith("WICK summary "):
                    summary = {k: int(v) for k, v in parse_fields(line).items()}
                elif line.startswith("WICK done "):
                    status = parse_fields(line).get("status")
                elif not line.startswith("WICK ") and echo:
                    echo(line.rstrip("\n"))
            returncode = process.wait(timeout=timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        text = "".join(console)
        if returncode != 0 or status != "Ok" or summary is None:
            raise GameError(f"the game firmware failed (exit status {returncode}, "
                            f"status {status}):\n{text[-3000:]}")
        records = np.fromfile(work / "record.bin", RECORD_DTYPE)
    if len(parsed) != rounds or len(records) != 2 * rounds:
        raise GameError(f"expected {rounds} rounds and {2 * rounds} records, got {len(parsed)} "
                        f"and {len(records)}")
    return GameResult(parsed, summary, records, text)


def run_interactive(elf: pathlib.Path, seed: int) -> int:
    """The game on this terminal, in cbreak mode (keys one by one, no echo);
    returns QEMU's exit status."""
    import termios
    import tty

    if not pathlib.Path(elf).is_file():
        raise GameError(f"firmware not found: {elf}")
    stdin = sys.stdin.fileno()
    saved = termios.tcgetattr(stdin)
    with tempfile.TemporaryDirectory(prefix="tiny_rps_") as tmp:
        write_args(pathlib.Path(tmp), seed, None, None, None)
        try:
            tty.setcbreak(stdin)
            return subprocess.call(qemu_command(elf), cwd=tmp)
        except KeyboardInterrupt:
            return 130
        finally:
            termios.tcsetattr(stdin, termios.TCSADRAIN, saved)


def rerender(records: np.ndarray, seed: int) -> np.ndarray:
    """The images an automatic game with `seed` renders, computed on the host
    (render.py with the firmware's generator); uint8 [len(records), 28, 28]."""
    masks = glyphs.glyph_masks()
    rng = render.Pcg32(seed)
    images = []
    for _ in range(len(records) // 2):
        you = rng.integer(0, 3)
        device = rng.integer(0, 3)
        images.append(render.render(masks, you, rng))
        images.append(render.render(masks, device, rng))
    return np.stack(images)


def host_logits(program: pathlib.Path, images: np.ndarray) -> np.ndarray:
    """float32 [N, 3]: `program` run by Wick's C++ runtime on the host."""
    import wick.runtime

    module = wick.runtime.load(str(program))
    inputs = render.to_tensor_array(images)
    return np.stack([module.forward(inputs[i:i + 1])[0][0] for i in range(len(inputs))])


def compare_with_host(result: GameResult, program: pathlib.Path) -> Dict[str, int]:
    """How many device classifications the host reproduces: same argmax, and
    logits equal bit for bit."""
    logits = host_logits(program, result.records["image"]).astype(np.float32)
    device = result.records["logits"]
    return {
        "images": int(len(device)),
        "same_prediction": int((logits.argmax(1) == result.records["predicted"]).sum()),
        "same_logits_bits": int((logits.view(np.uint32) == device.view(np.uint32)).all(1).sum()),
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elf", type=pathlib.Path)
    parser.add_argument("--auto", type=int, default=None, metavar="N",
                        help="play N rounds without input (default when stdin is not a terminal: 5)")
    parser.add_argument("--seed", type=int, default=None, help="default: random (interactive), 7 (auto)")
    parser.add_argument("--art", type=int, default=None, help="show ASCII art for the first N rounds")
    args = parser.parse_args(argv)
    try:
        if args.auto is None and sys.stdin.isatty():
            seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
            return run_interactive(args.elf, seed)
        rounds = args.auto or 5
        result = run_auto(args.elf, rounds, 7 if args.seed is None else args.seed, args.art, echo=print)
    except GameError as error:
        print(f"tiny_rps.play: error: {error}", file=sys.stderr)
        return 1
    print(f"on-device classification: {result.summary['correct']}/{result.summary['images']} correct")
    return 0


if __name__ == "__main__":
    sys.exit(main())
