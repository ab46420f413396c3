"""executorch_prim::et_view: ExecuTorch's exporter replaces view_copy with et_view and leaves
its output unplanned (the view points it at its input's data when it runs). Wick loads such
programs; an unplanned tensor that nothing defines is still refused."""

import numpy as np
import pytest
import torch

import wick.runtime
from wick.exir import ExecutorchBackendConfig, to_edge
from wick.export import export
from wick.pte import deserialize_pte, serialize_pte
from wick.pte.schema import Operator, Tensor


class ViewInTheMiddle(torch.nn.Module):
    def forward(self, x):
        return (x + 1).view(6) * 2


def _program_with_view(make_view: bool) -> bytes:
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    # alias_views=False: the exporter would otherwise emit this byte-preserving view as an alias (no instruction).
    copies = ExecutorchBackendConfig(alias_views=False)
    pte = deserialize_pte(to_edge(export(ViewInTheMiddle(), (x,))).to_executorch(copies).buffer)
    program = pte.program
    plan = program.execution_plan[0]
    view = next(i for i, op in enumerate(plan.operators) if op.name == "aten::view_copy")
    call = next(ins.instr_args for ins in plan.chains[0].instructions
                if getattr(ins.instr_args, "op_index", None) == view)
    out = call.args[2]
    if make_view:
        plan.operators[view] = Operator(name="executorch_prim::et_view", overload="default")
        call.args = call.args[:3]  # self, size, out
    tensor = plan.values[out].val
    assert isinstance(tensor, Tensor) and tensor.allocation_info is not None
    tensor.allocation_info = None
    segments = [bytes(pte.segment(i)) for i in range(len(program.segments))]
    return serialize_pte(program, segments)


def test_unplanned_et_view_output_runs(tmp_path):
    path = tmp_path / "et_view.pte"
    path.write_bytes(_program_with_view(make_view=True))
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    got = wick.runtime.load(str(path)).forward(x)[0]
    np.testing.assert_array_equal(np.asarray(got), ((x + 1).view(6) * 2).numpy())


def test_unplanned_tensor_nothing_defines_is_refused(tmp_path):
    path = tmp_path / "no_memory.pte"
    path.write_bytes(_program_with_view(make_view=False))
    with pytest.raises(wick.runtime.WickError, match="tensor with no memory"):
        wick.runtime.load(str(path)).forward(torch.ones(2, 3))
