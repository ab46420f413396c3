"""python/wick/sim/select_ops.py: a runner registry with only a program's kernels."""

import re

import pytest

from wick.sim import select_ops

FAMILIES = ["prim", "portable", "quantized", "cortex_m"]


@pytest.fixture
def families(repo_root):
    return [select_ops.read_family(repo_root / "kernels" / f / "op_table.cpp", repo_root)
            for f in FAMILIES]


@pytest.fixture
def keyword_spotting(corpus_dir):
    return corpus_dir / "pytorch__executorch__arduino_KeywordSpotting_model.pte"


def test_reads_every_entry_of_a_family(families):
    cortex_m = families[3]
    assert cortex_m.namespace == "wick::cortex_m"
    assert "kernels/cortex_m/ops.h" in cortex_m.includes
    ops = [e.op for e in cortex_m.entries]
    assert "cortex_m::quantized_conv2d.out" in ops and len(ops) == len(set(ops))
    # Entries spanning two lines are found too.
    quantized = families[2]
    assert any(e.op == "quantized_decomposed::quantize_per_tensor.Tensor_out"
               for e in quantized.entries)


def test_selects_exactly_the_programs_operators(families, keyword_spotting):
    text = select_ops.generate(keyword_spotting, families)
    selected = re.findall(r'\{"([^"]+)", &::wick::(\w+)::(\w+), nullptr(?:, &::wick::\w+::\w+)?\}',
                          text)
    assert sorted(op for op, _, _ in selected) == sorted(
        select_ops.program_operators(keyword_spotting))
    assert ("cortex_m::quantized_conv2d.out", "cortex_m", "quantized_conv2d_out") in selected
    # A kernel's load-time step comes along with it.
    assert ('{"cortex_m::quantized_linear.out", &::wick::cortex_m::quantized_linear_out, nullptr, '
            '&::wick::cortex_m::prepare_quantized_linear}') in text
    assert "op_table()" not in text  # every kernel is named directly
    assert "KernelTables{{OpTable(kPortable), OpTable(kCortexM)}, 2, {}}" in text


def test_helium_family_is_selected_entry_by_entry(repo_root, families, keyword_spotting):
    # The mve table's quantized_linear prepare step is the reference one,
    # named in mve/ops.h by a using-declaration: still nameable, so the
    # family is not linked whole.
    mve = select_ops.read_family(repo_root / "kernels" / "cortex_m" / "mve" / "op_table.cpp",
                                 repo_root)
    text = select_ops.generate(keyword_spotting, [mve] + families)
    assert "op_table()" not in text
    assert ('{"cortex_m::quantized_linear.out", &::wick::cortex_m::mve::quantized_linear_out, '
            'nullptr, &::wick::cortex_m::mve::prepare_quantized_linear}') in text


def test_undeclared_kernel_keeps_the_whole_table(tmp_path, repo_root, keyword_spotting):
    family = tmp_path / "kernels" / "fake"
    family.mkdir(parents=True)
    (family / "ops.h").write_text("void declared_out(int);\n")
    (family / "op_table.cpp").write_text(
        '#include "kernels/fake/ops.h"\nnamespace wick {\nnamespace fake {\nnamespace {\n'
        'void hidden_out(int) {}\nconstexpr OpEntry kOps[] = {\n'
        '    {"cortex_m::pad.out", &hidden_out, nullptr},\n'
        '    {"aten::add.out", &declared_out, nullptr},\n};\n}  // namespace\n}\n}\n')
    fake = select_ops.read_family(family / "op_table.cpp", tmp_path)
    text = select_ops.generate(keyword_spotting, [fake])
    assert "fake::op_table()" in text and "hidden_out" not in text


def test_a_file_without_entries_is_an_error(tmp_path):
    path = tmp_path / "op_table.cpp"
    path.write_text("namespace wick {\nnamespace fake {\n}\n}\n")
    with pytest.raises(ValueError, match="no"):
        select_ops.read_family(path, tmp_path)


def _family(tmp_path, name, rows):
    family = tmp_path / "kernels" / name
    family.mkdir(parents=True)
    (family / "ops.h").write_text("".join(f"void {fn}(int);\n" for _, fn, _ in rows) +
                                  "".join(f"bool {a}(int);\n" for _, _, a in rows if a))
    entries = "".join(f'    {{"{op}", &{fn}, {"&" + a if a else "nullptr"}}},\n'
                      for op, fn, a in rows)
    (family / "op_table.cpp").write_text(
        f'#include "kernels/{name}/ops.h"\nnamespace wick {{\nnamespace {name} {{\n'
        f"namespace {{\nconstexpr OpEntry kOps[] = {{\n{entries}}};\n}}\n}}\n}}\n")
    return select_ops.read_family(family / "op_table.cpp", tmp_path)


def test_entries_hidden_by_an_unconditional_earlier_entry_are_dropped(tmp_path, keyword_spotting):
    fast = _family(tmp_path, "fast", [("cortex_m::pad.out", "pad_fast", None),
                                      ("cortex_m::quantized_linear.out", "linear_fast",
                                       "linear_fits")])
    reference = _family(tmp_path, "reference", [("cortex_m::pad.out", "pad_ref", None),
                                                ("cortex_m::quantized_linear.out", "linear_ref",
                                                 None)])
    text = select_ops.generate(keyword_spotting, [fast, reference])
    assert "pad_fast" in text and "pad_ref" not in text
    # An entry with `accepts` may decline: the next one stays reachable.
    assert "&::wick::fast::linear_fast, &::wick::fast::linear_fits" in text
    assert "linear_ref" in text


def test_a_tosa_program_gets_the_tosa_backend_and_others_none(tmp_path, families, keyword_spotting):
    import torch

    from wick.backends.tosa.partitioner import TosaPartitioner
    from wick.exir import to_edge_transform_and_lower
    from wick.export import export

    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU()).eval()
    edge = to_edge_transform_and_lower(export(model, (torch.randn(1, 1, 6, 6),)),
                                       partitioner=[TosaPartitioner()])
    program = tmp_path / "conv_tosa.pte"
    program.write_bytes(edge.to_executorch().buffer)
    assert select_ops.program_backends(program) == {"TOSABackend"}
    text = select_ops.generate(program, families)
    assert '#include "backends/tosa/tosa_backend.h"' in text
    assert "KernelTables{{}, 0, tosa::backend_table()}" in text
    assert "backend_table" not in select_ops.generate(keyword_spotting, families)  # no backend linked
