#!/usr/bin/env python3
"""Bytes per component in a firmware image, from its GNU ld map (-Map=...).

Sums the input sections the linker placed (after --gc-sections) by output
section and by component: a static library (libwick_runtime.a), an object
directory for loose objects (the platform, the firmware), or a toolchain
library (libc_nano.a, libgcc.a, ...).

Usage: size_report.py FIRMWARE.map [--objects] [--json FILE]
  --objects   one row per object file instead of per component
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from typing import Dict

OUTPUT_SECTION = re.compile(r"^(\.\S+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+")
INPUT_FULL = re.compile(r"^ (\.\S+|COMMON)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$")
INPUT_NAME_ONLY = re.compile(r"^ (\.\S+|COMMON)$")
INPUT_CONTINUED = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$")
# Output sections that occupy target memory, in report order.
REPORTED = [".vectors", ".text", ".text_large", ".rodata", ".ARM.exidx", ".data", ".bss", ".wick_weights",
            ".wick_pte", ".wick_arena", ".wick_ddr"]


def component(path: str, objects: bool) -> str:
    archive = re.match(r"^(.*?([^/]+\.a))\((.+)\)$", path)
    if archive:
        return f"{archive.group(2)}({archive.group(3)})" if objects else archive.group(2)
    if objects:
        return path.rsplit("/", 1)[-1]
    # platform/corstone300/CMakeFiles/wick_platform_corstone300.dir/__/cortex_m/x.cpp.obj
    target = re.search(r"CMakeFiles/([^/]+)\.dir/", path)
    return target.group(1) if target else path


def sizes(map_text: str, objects: bool = False) -> Dict[str, Dict[str, int]]:
    """component -> {output section -> bytes}."""
    start = map_text.find("Linker script and memory map")
    end = map_text.find("Cross Reference Table")
    if start < 0:
        raise ValueError("not a GNU ld map: no 'Linker script and memory map'")
    lines = map_text[start : end if end > start else len(map_text)].splitlines()
    table: Dict[str, Dict[str, int]] = collections.defaultdict(lambda: collections.Counter())
    output = None
    pending = False
    for line in lines:
        head = OUTPUT_SECTION.match(line)
        if head:
            output = head.group(1)
            pending = False
            continue
        full = INPUT_FULL.match(line)
        if full:
            table[component(full.group(3), objects)][output] += int(full.group(2), 16)
            pending = False
            continue
        if INPUT_NAME_ONLY.match(line):
            pending = True
            continue
        if pending:
            more = INPUT_CONTINUED.match(line)
            if more:
                table[component(more.group(2), objects)][output] += int(more.group(1), 16)
            pending = False
    return {name: dict(counts) for name, counts in table.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map")
    parser.add_argument("--objects", action="store_true")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    with open(args.map, encoding="utf-8", errors="replace") as f:
        table = sizes(f.read(), args.objects)
    columns = [s for s in REPORTED if any(s in row for row in table.values())]
    rows = sorted(table.items(), key=lambda item: -sum(item[1].get(s, 0) for s in columns))
    width = max([len(name) for name, _ in rows] + [9])
    print(f"{'component':{width}} " + " ".join(f"{c:>12}" for c in columns))
    for name, row in rows:
        if any(row.get(c, 0) for c in columns):
            print(f"{name:{width}} " + " ".join(f"{row.get(c, 0):>12}" for c in columns))
    totals = {c: sum(row.get(c, 0) for row in table.values()) for c in columns}
    print(f"{'total':{width}} " + " ".join(f"{totals[c]:>12}" for c in columns))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"components": table, "total": totals}, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
