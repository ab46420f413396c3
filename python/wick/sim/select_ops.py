"""Generate a runner registry holding only the kernels one program needs.

    python -m wick.sim.select_ops model.pte --table kernels/cortex_m/op_table.cpp ... -o out.cpp

Each --table is a family's op_table.cpp, in registry search order. The
generated C++ file defines wick::runner::kernel_tables()
(tools/firmware/runner_registry.h) over constexpr tables with just the
entries whose operator names the program uses and that the search can
reach (an entry without `accepts` hides later ones of the same name), so
that the linker's --gc-sections drops every other kernel:
wick_firmware_with_model() builds its image with it, and its linker map
then tells what the program's kernels cost in flash. An entry whose kernel, `accepts` or `prepare` function is not declared
in a header the table includes (so cannot be named from outside) keeps its
family's whole table instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import re
import sys
from typing import List, Optional, Sequence, Set

ENTRY = re.compile(r'\{\s*"([^"]+)"\s*,\s*&?\s*([A-Za-z_]\w*)\s*,\s*(nullptr|&?\s*[A-Za-z_]\w*)\s*'
                   r'(?:,\s*(nullptr|&?\s*[A-Za-z_]\w*)\s*)?\}')
INCLUDE = re.compile(r'^#include\s+"([^"]+)"', re.M)
NAMESPACE = re.compile(r"namespace\s+(\w*)\s*\{")


@dataclasses.dataclass
class Entry:
    op: str
    kernel: str
    accepts: Optional[str]
    prepare: Optional[str] = None


@dataclasses.dataclass
class Family:
    path: pathlib.Path
    namespace: str  # "wick::cortex_m"
    includes: List[str]
    entries: List[Entry]
    declared: str  # the text of the headers op_table.cpp includes

    @property
    def ident(self) -> str:
        return self.namespace.replace("wick::", "", 1).replace("::", "_")

    def is_declared(self, name: str) -> bool:
        """Declared in the headers, or brought in by a using-declaration
        (`using cortex_m::prepare_quantized_linear;` names it in the family's
        namespace too)."""
        name = re.escape(name)
        return re.search(rf"\b{name}\s*\(|\busing\s+[\w:]*::{name}\s*;",
                         self.declared) is not None


def read_family(path: pathlib.Path, source_root: pathlib.Path) -> Family:
    text = path.read_text()
    names = []
    for match in NAMESPACE.finditer(text):
        if not match.group(1):
            break  # the anonymous namespace holding kOps
        names.append(match.group(1))
    if not names or names[0] != "wick":
        raise ValueError(f"{path}: expected the table inside namespace wick::<family>")
    includes = INCLUDE.findall(text)
    declared = ""
    for include in includes:
        header = source_root / include
        if header.is_file():
            declared += header.read_text()
    def function(field: str) -> Optional[str]:
        return None if field in ("", "nullptr") else field.lstrip("& ")

    entries = [Entry(op, kernel, function(accepts), function(prepare))
               for op, kernel, accepts, prepare in ENTRY.findall(text)]
    if not entries:
        raise ValueError(f"{path}: no {{\"name\", &kernel, accepts}} entries found")
    return Family(path, "::".join(names), includes, entries, declared)


def program_operators(program: pathlib.Path) -> Set[str]:
    from wick.pte import deserialize_pte

    ops = set()
    for plan in deserialize_pte(program.read_bytes()).program.execution_plan:
        for op in plan.operators:
            ops.add(f"{op.name}.{op.overload}" if op.overload else op.name)
    return ops


# Delegate backends the firmware can link: backend id -> (header, BackendTable expression).
BACKENDS = {"TOSABackend": ("backends/tosa/tosa_backend.h", "tosa::backend_table()")}


def program_backends(program: pathlib.Path) -> Set[str]:
    from wick.pte import deserialize_pte

    return {d.id for plan in deserialize_pte(program.read_bytes()).program.execution_plan
            for d in plan.delegates}


def generate(program: pathlib.Path, families: Sequence[Family]) -> str:
    used = program_operators(program)
    found: Set[str] = set()
    settled: Set[str] = set()  # ops an entry without `accepts` always takes
    tables = []  # C++ expressions of OpTable, in search order
    arrays = []
    for family in families:
        selected = []
        for e in family.entries:
            if e.op in used and e.op not in settled:
                selected.append(e)
                if e.accepts is None:
                    settled.add(e.op)
        found.update(e.op for e in selected)
        if not selected:
            continue
        if not all(family.is_declared(e.kernel) and all(f is None or family.is_declared(f)
                                                        for f in (e.accepts, e.prepare))
                   for e in selected):
            tables.append(f"{family.namespace.replace('wick::', '', 1)}::op_table()")
            continue
        name = f"k{''.join(p.title() for p in family.ident.split('_'))}"
        rows = []
        for e in selected:
            accepts = f"&::{family.namespace}::{e.accepts}" if e.accepts else "nullptr"
            prepare = f", &::{family.namespace}::{e.prepare}" if e.prepare else ""
            rows.append(f'    {{"{e.op}", &::{family.namespace}::{e.kernel}, {accepts}{prepare}}},')
        arrays.append(f"constexpr OpEntry {name}[] = {{\n" + "\n".join(rows) + "\n};")
        tables.append(f"OpTable({name})")
    missing = sorted(used - found)
    if missing:
        print(f"select_ops: no kernel for {', '.join(missing)} in {program.name} "
              "(loading it will fail)", file=sys.stderr)
    backends = sorted(program_backends(program))
    for unknown in [b for b in backends if b not in BACKENDS]:
        print(f"select_ops: no backend {unknown} for {program.name} (loading it will fail)",
              file=sys.stderr)
    backends = [b for b in backends if b in BACKENDS]
    if len(backends) > 1:
        raise ValueError("select_ops: a runner links one delegate backend table")
    includes = sorted({i for f in families for i in f.includes} | {"tools/firmware/runner_registry.h"}
                      | {BACKENDS[b][0] for b in backends})
    lines = [
        "// Generated by python/wick/sim/select_ops.py: the kernels of the",
        f"// {len(used)} operators of {program.name} only. Do not edit.",
    ]
    lines += [f'#include "{i}"' for i in includes]
    lines += ["", "namespace wick {", "namespace runner {", "namespace {", ""]
    lines += arrays
    lines += ["", "}  // namespace", "", "KernelTables kernel_tables() {"]
    backend_table = f", {BACKENDS[backends[0]][1]}" if backends else ", {}"
    lines.append(f"  return KernelTables{{{{{', '.join(tables)}}}, {len(tables)}{backend_table}}};")
    lines += ["}", "", "}  // namespace runner", "}  // namespace wick", ""]
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program")
    parser.add_argument("--table", action="append", required=True,
                        help="a family's op_table.cpp, in registry search order")
    parser.add_argument("--source-root", default=".", help="where #include paths start")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    root = pathlib.Path(args.source_root)
    families = [read_family(pathlib.Path(t), root) for t in args.table]
    text = generate(pathlib.Path(args.program), families)
    out = pathlib.Path(args.output)
    if not out.is_file() or out.read_text() != text:
        out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
