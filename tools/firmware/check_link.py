#!/usr/bin/env python3
"""Checks a firmware link for heap use, from the linker map's cross-reference
table (ld -Map=... --cref --no-demangle).

Wick's device code has no heap. In a good link:
  * the C allocator entry points (malloc, free, _malloc_r, _sbrk, ...) are
    defined only by the platform's trap (platform/cortex_m/heap_trap.cpp),
    never by the C library's real allocator;
  * nothing references them except the trap and newlib's formatter: the
    string-growing path of svfprintf serves only asprintf (vsnprintf into a
    fixed buffer never takes it), and mprec/dtoa serve only floating-point
    conversions, which device code must not use; the trap ends the program
    if either ever runs;
  * C++ operator new / delete are neither defined nor referenced.

Usage: check_link.py FIRMWARE.map [...]   exit 0 when every map passes.
"""

from __future__ import annotations

import re
import sys
from typing import Dict, List

C_HEAP_SYMBOLS = {
    "malloc", "free", "calloc", "realloc", "reallocf", "memalign", "aligned_alloc",
    "posix_memalign", "valloc", "pvalloc", "malloc_usable_size",
    "_malloc_r", "_free_r", "_calloc_r", "_realloc_r", "_reallocf_r", "_memalign_r",
    "_valloc_r", "_pvalloc_r", "_malloc_usable_size_r", "_sbrk", "_sbrk_r",
}  # fmt: skip
# operator new, new[], delete, delete[] in every variant (Itanium mangling).
CXX_HEAP_SYMBOL = re.compile(r"^_Z(nw|na|dl|da)")
TRAP_OBJECT = re.compile(r"cortex_m/heap_trap\.cpp\.obj$")
ALLOWED_LIBC_REFERENCERS = re.compile(
    r"libc(_nano)?\.a\(lib_a-(nano-svfprintf|svfprintf|svfiprintf|mprec|dtoa)\.o\)$"
)


def cross_references(map_text: str) -> Dict[str, List[str]]:
    """symbol -> [defining file, referencing files...] from the --cref table."""
    start = map_text.find("Cross Reference Table")
    if start < 0:
        raise ValueError("no cross-reference table in the map (link with -Wl,--cref)")
    text = map_text[start:]
    # Demangled names contain spaces and cannot be told from file names.
    if re.search(r"^(\S.*::|operator )", text, re.M):
        raise ValueError("the map has demangled names (link with -Wl,--no-demangle)")
    table: Dict[str, List[str]] = {}
    symbol = None
    for line in text.splitlines()[1:]:
        if not line.strip() or line.startswith("Symbol "):
            continue
        if not line[0].isspace():
            fields = line.split(None, 1)
            symbol = fields[0]
            table[symbol] = [fields[1].strip()] if len(fields) > 1 else []
        elif symbol is not None:
            table[symbol].append(line.strip())
    return table


def violations(map_text: str) -> List[str]:
    problems = []
    for symbol, files in sorted(cross_references(map_text).items()):
        if CXX_HEAP_SYMBOL.match(symbol):
            problems.append(f"{symbol} (operator new/delete) in the link: " + ", ".join(files))
            continue
        if symbol not in C_HEAP_SYMBOLS or not files:
            continue
        definer, referencers = files[0], files[1:]
        if not TRAP_OBJECT.search(definer):
            problems.append(f"{symbol} is defined by {definer}, not the platform's heap trap")
        for ref in referencers:
            if not (TRAP_OBJECT.search(ref) or ALLOWED_LIBC_REFERENCERS.search(ref)):
                problems.append(f"{symbol} is referenced by {ref}")
    return problems


def main(argv: List[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in argv:
        with open(path, encoding="utf-8", errors="replace") as f:
            problems = violations(f.read())
        for problem in problems:
            print(f"{path}: heap use: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
        if not problems:
            print(f"{path}: no heap references")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
