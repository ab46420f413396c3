"""The oracle on hand-built programs: control flow, list arguments, dim_order, quantization."""

import pytest
import torch

from wick.oracle import Interpreter, OracleError, evaluate, tensor_from_bytes, tensor_to_bytes
from wick.pte import deserialize_pte, pack_constants, serialize_pte
from wick.pte.dtypes import array_to_bytes
from wick.pte.schema import (AllocationDetails, Bool, Chain, Double, DoubleList, EValue, ExecutionPlan,
                             FreeCall, Instruction, Int, IntList, JumpFalseCall, KernelCall, MoveCall,
                             Null, Operator, Program, ScalarType, SubsegmentOffsets, Tensor,
                             TensorList, TensorShapeDynamism)


def tensor(sizes, scalar_type=ScalarType.FLOAT, data_buffer_idx=0, dim_order=None, planned=True,
           dynamic=False):
    return EValue(Tensor(scalar_type=scalar_type, sizes=list(sizes),
                         dim_order=list(dim_order) if dim_order is not None else list(range(len(sizes))),
                         data_buffer_idx=data_buffer_idx,
                         allocation_info=AllocationDetails(memory_id=1) if planned else None,
                         shape_dynamism=TensorShapeDynamism.DYNAMIC_BOUND if dynamic else TensorShapeDynamism.STATIC))


class Builder:
    """A one-method program: values, operators and a chain, written and read back."""

    def __init__(self):
        self.values, self.operators, self.instructions = [], [], []

    def value(self, ev):
        self.values.append(ev)
        return len(self.values) - 1

    def kernel(self, name, *args):
        op_name, _, overload = name.partition(".")
        operator = Operator(name=op_name, overload=overload)
        if operator not in self.operators:
            self.operators.append(operator)
        self.instructions.append(Instruction(KernelCall(op_index=self.operators.index(operator), args=list(args))))

    def instruction(self, args):
        self.instructions.append(Instruction(args))

    def build(self, inputs, outputs, constants=()):
        blob, offsets = pack_constants(list(constants))
        plan = ExecutionPlan(name="forward", values=self.values, inputs=list(inputs), outputs=list(outputs),
                             chains=[Chain(instructions=self.instructions)], operators=self.operators,
                             non_const_buffer_sizes=[0, 1024])
        program = Program(execution_plan=[plan], constant_segment=SubsegmentOffsets(segment_index=0, offsets=offsets))
        return deserialize_pte(serialize_pte(program, [blob]))


def test_loop_with_jump_move_and_free():
    b = Builder()
    x = b.value(tensor([2]))
    i = b.value(EValue(Int(0)))
    limit = b.value(EValue(Int(3)))
    cond = b.value(EValue(Bool(False)))
    one = b.value(EValue(Int(1)))
    doubled = b.value(tensor([2]))
    always_false = b.value(EValue(Bool(False)))
    b.kernel("executorch_prim::lt.Scalar", i, limit, cond)        # 0: cond = i < 3
    b.instruction(JumpFalseCall(cond_value_index=cond, destination_instruction=6))  # 1
    b.kernel("aten::add.out", x, x, one, doubled, doubled)        # 2: doubled = x + x
    b.instruction(MoveCall(move_from=doubled, move_to=x))         # 3: x = doubled
    b.kernel("executorch_prim::add.Scalar", i, one, i)            # 4: i += 1
    b.instruction(JumpFalseCall(cond_value_index=always_false, destination_instruction=0))  # 5
    b.instruction(FreeCall(value_index=doubled))                  # 6
    pte = b.build(inputs=[x], outputs=[x, i])
    out, count = evaluate(pte, "forward", [torch.tensor([1.0, -2.0])])
    assert count == 3
    torch.testing.assert_close(out, torch.tensor([8.0, -16.0]))


def test_tensor_list_in_and_out_and_multiple_outputs():
    b = Builder()
    x = b.value(tensor([2, 3]))
    y = b.value(tensor([2, 3]))
    pair = b.value(EValue(TensorList([x, y])))
    dim = b.value(EValue(Int(1)))
    cat = b.value(tensor([2, 6]))
    b.kernel("aten::cat.out", pair, dim, cat, cat)
    sizes = [b.value(EValue(Int(v))) for v in (1, 5)]
    split_sizes = b.value(EValue(IntList(sizes)))
    part0, part1 = b.value(tensor([2, 1])), b.value(tensor([2, 5]))
    parts = b.value(EValue(TensorList([part0, part1])))
    b.kernel("aten::split_with_sizes_copy.out", cat, split_sizes, dim, parts)
    shape = b.value(EValue(IntList([b.value(EValue(Int(5)))])))
    eps = b.value(EValue(Double(1e-5)))
    null = b.value(EValue(Null()))
    norm, mean, rstd = b.value(tensor([2, 5])), b.value(tensor([2, 1])), b.value(tensor([2, 1]))
    b.kernel("aten::native_layer_norm.out", part1, shape, null, null, eps, norm, mean, rstd, norm, mean, rstd)
    pte = b.build(inputs=[x, y], outputs=[cat, part0, norm, mean, rstd])
    xs, ys = torch.randn(2, 3), torch.randn(2, 3)
    cat_out, first, normed, mean_out, rstd_out = evaluate(pte, "forward", [xs, ys])
    both = torch.cat([xs, ys], 1)
    torch.testing.assert_close(cat_out, both)
    torch.testing.assert_close(first, both[:, :1])
    expected = torch.nn.functional.layer_norm(both[:, 1:], [5], eps=1e-5)
    torch.testing.assert_close(normed, expected)
    torch.testing.assert_close(mean_out, both[:, 1:].mean(1, keepdim=True))


def test_channels_last_constant_is_read_in_memory_order():
    logical = torch.arange(24, dtype=torch.float32).reshape(1, 2, 3, 4)
    stored = array_to_bytes(logical.numpy(), [0, 2, 3, 1])
    assert tensor_to_bytes(logical, [0, 2, 3, 1]) == stored
    assert torch.equal(tensor_from_bytes(stored, ScalarType.FLOAT, [1, 2, 3, 4], [0, 2, 3, 1]), logical)
    b = Builder()
    x = b.value(tensor([1, 2, 3, 4]))
    const = b.value(tensor([1, 2, 3, 4], data_buffer_idx=1, dim_order=[0, 2, 3, 1], planned=False))
    one = b.value(EValue(Int(1)))
    out = b.value(tensor([1, 2, 3, 4], dim_order=[0, 2, 3, 1]))
    b.kernel("aten::add.out", x, const, one, out, out)
    pte = b.build(inputs=[x], outputs=[out], constants=[stored])
    (result,) = evaluate(pte, "forward", [torch.zeros(1, 2, 3, 4)])
    assert torch.equal(result, logical)


def test_quantize_dequantize_per_tensor():
    b = Builder()
    x = b.value(tensor([5]))
    scale = b.value(EValue(Double(1 / 255)))
    zp = b.value(EValue(Int(-128)))
    qmin, qmax = b.value(EValue(Int(-128))), b.value(EValue(Int(127)))
    dtype = b.value(EValue(Int(int(ScalarType.CHAR))))
    q = b.value(tensor([5], ScalarType.CHAR))
    null = b.value(EValue(Null()))
    back = b.value(tensor([5]))
    b.kernel("quantized_decomposed::quantize_per_tensor.out", x, scale, zp, qmin, qmax, dtype, q, q)
    b.kernel("quantized_decomposed::dequantize_per_tensor.out", q, scale, zp, qmin, qmax, dtype, null, back, back)
    pte = b.build(inputs=[x], outputs=[q, back])
    values = torch.tensor([0.0, 0.5, 1.0, -1.0, 2.0])
    q_out, back_out = evaluate(pte, "forward", [values])
    # 0.5 * 255 = 127.5 rounds half to even (128); out-of-range values saturate.
    assert q_out.tolist() == [-128, 0, 127, -128, 127]
    torch.testing.assert_close(back_out, (q_out.float() + 128) / 255)


def test_dynamic_bound_output_and_double_list():
    b = Builder()
    x = b.value(tensor([1, 1, 4, 4], dynamic=True))
    null = b.value(EValue(Null()))
    scales = b.value(EValue(DoubleList([2.0, 2.0])))
    up = b.value(tensor([1, 1, 8, 8], dynamic=True))
    b.kernel("aten::upsample_nearest2d.vec_out", x, null, scales, up, up)
    pte = b.build(inputs=[x], outputs=[up])
    small = torch.randn(1, 1, 3, 2)
    (out,) = evaluate(pte, "forward", [small])
    torch.testing.assert_close(out, torch.nn.functional.interpolate(small, scale_factor=2.0, mode="nearest"))
    with pytest.raises(OracleError, match="bound"):
        evaluate(pte, "forward", [torch.randn(1, 1, 5, 4)])


def test_static_shape_mismatch_is_reported():
    b = Builder()
    x = b.value(tensor([2, 3]))
    dims = b.value(EValue(IntList([b.value(EValue(Int(1))), b.value(EValue(Int(0)))])))
    wrong = b.value(tensor([2, 3]))  # a permute of [2,3] is [3,2]
    b.kernel("aten::permute_copy.out", x, dims, wrong, wrong)
    pte = b.build(inputs=[x], outputs=[wrong])
    with pytest.raises(OracleError, match=r"instruction 0 \(aten::permute_copy.out\).*static shape"):
        evaluate(pte, "forward", [torch.zeros(2, 3)])


def test_mutable_state_persists_across_runs():
    b = Builder()
    x = b.value(tensor([2]))
    one = b.value(EValue(Int(1)))
    acc = b.value(tensor([2]))
    b.kernel("aten::add.out", acc, x, one, acc, acc)
    pte = b.build(inputs=[x], outputs=[acc])
    interpreter = Interpreter(pte, "forward")
    interpreter.run([torch.ones(2)])
    (second,) = interpreter.run([torch.ones(2)])
    assert second.tolist() == [2.0, 2.0]


def test_argument_count_mismatch_is_reported():
    b = Builder()
    x = b.value(tensor([2]))
    out = b.value(tensor([2]))
    b.kernel("aten::add.out", x, x, out)  # alpha missing
    pte = b.build(inputs=[x], outputs=[out])
    with pytest.raises(OracleError, match="aten::add.out: 3 args"):
        evaluate(pte, "forward", [torch.ones(2)])


def test_missing_return_slot_of_a_prim_op_is_reported():
    b = Builder()
    x = b.value(tensor([2]))
    dim = b.value(EValue(Int(0)))
    b.kernel("aten::sym_size.int", x, dim)  # no value index for the result
    pte = b.build(inputs=[x], outputs=[x])
    with pytest.raises(OracleError, match="aten::sym_size.int.*argument 2"):
        evaluate(pte, "forward", [torch.ones(2)])
