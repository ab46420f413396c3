"""Writes the hand-made hostile inputs under tests/fuzz/<harness>/ (kept in
the repository; rerun after changing this file):

    PYTHONPATH=python /usr/bin/python3 tests/fuzz/make_hostile_inputs.py

valid_mul.pte is the program they are all made from. Each hostile_* file is
valid enough to pass the first checks and then lies about one
size, index or count, so the check further in has to catch it. Files named
crash-* beside them are inputs libFuzzer found (see docs/reliability.md).
"""

from __future__ import annotations

import copy
import pathlib

import numpy as np

from wick.pte import bundled_schema as bp
from wick.pte import flat_tensor_schema as ft
from wick.pte import schema as s
from wick.pte import serialize_bundled, serialize_ptd, serialize_pte

HERE = pathlib.Path(__file__).resolve().parent
INT32_MAX = 2**31 - 1


def mul_program() -> s.Program:
    """out = a * b over float32[3, 2], all three in one planned buffer."""
    def tensor(offset: int) -> s.EValue:
        return s.EValue(val=s.Tensor(scalar_type=s.ScalarType.FLOAT, sizes=[3, 2], dim_order=[0, 1],
                                     allocation_info=s.AllocationDetails(memory_id=1, memory_offset_low=offset)))

    call = s.KernelCall(op_index=0, args=[0, 1, 2, 2])
    plan = s.ExecutionPlan(
        name="forward", values=[tensor(0), tensor(32), tensor(64)], inputs=[0, 1], outputs=[2],
        chains=[s.Chain(inputs=[0, 1], outputs=[2], instructions=[s.Instruction(instr_args=call)])],
        operators=[s.Operator(name="aten::mul", overload="out")], non_const_buffer_sizes=[0, 96])
    return s.Program(version=0, execution_plan=[plan])


def program_variants():
    def variant(change):
        program = mul_program()
        change(program.execution_plan[0])
        return serialize_pte(program, [])

    def set_sizes(plan, sizes):
        plan.values[0].val.sizes = sizes
        plan.values[0].val.dim_order = list(range(len(sizes)))

    yield "planned_600mb_in_two_buffers.pte", variant(
        lambda p: setattr(p, "non_const_buffer_sizes", [0, 300 << 20, 300 << 20]))
    yield "planned_buffer_1tb.pte", variant(lambda p: setattr(p, "non_const_buffer_sizes", [0, 1 << 40]))
    yield "planned_buffer_negative.pte", variant(lambda p: setattr(p, "non_const_buffer_sizes", [0, -1]))
    yield "planned_buffer_missing.pte", variant(lambda p: setattr(p, "non_const_buffer_sizes", [0]))
    yield "tensor_offset_past_buffer.pte", variant(
        lambda p: setattr(p.values[2].val.allocation_info, "memory_offset_low", 90))
    yield "tensor_offset_high_word.pte", variant(
        lambda p: setattr(p.values[2].val.allocation_info, "memory_offset_high", 0xFFFFFFFF))
    yield "tensor_memory_id_99.pte", variant(lambda p: setattr(p.values[1].val.allocation_info, "memory_id", 99))
    yield "tensor_numel_overflows.pte", variant(lambda p: set_sizes(p, [INT32_MAX] * 4))
    def unplanned_4gb_input(p):
        set_sizes(p, [1 << 15, 1 << 15])
        p.values[0].val.allocation_info = None
    yield "unplanned_input_4gb.pte", variant(unplanned_4gb_input)

    def operand_without_memory(p):
        p.values.append(s.EValue(val=s.Tensor(scalar_type=s.ScalarType.FLOAT, sizes=[3, 2], dim_order=[0, 1])))
        p.chains[0].instructions[0].instr_args.args = [0, 3, 2, 2]
    yield "operand_without_memory.pte", variant(operand_without_memory)
    yield "tensor_zero_times_huge.pte", variant(lambda p: set_sizes(p, [0, 65536, 65536]))
    yield "tensor_negative_size.pte", variant(lambda p: set_sizes(p, [-3, 2]))
    yield "tensor_64_dims.pte", variant(lambda p: set_sizes(p, [1] * 64))
    yield "tensor_dim_order_out_of_range.pte", variant(
        lambda p: setattr(p.values[0].val, "dim_order", [7, 0]))
    yield "tensor_dim_order_repeats.pte", variant(lambda p: setattr(p.values[0].val, "dim_order", [0, 0]))
    yield "tensor_constant_missing.pte", variant(lambda p: setattr(p.values[1].val, "data_buffer_idx", 5))
    yield "kernel_arg_out_of_range.pte", variant(
        lambda p: setattr(p.chains[0].instructions[0].instr_args, "args", [0, 1, 2, 1 << 30]))
    yield "kernel_arg_negative.pte", variant(
        lambda p: setattr(p.chains[0].instructions[0].instr_args, "args", [0, -1, 2, 2]))
    yield "kernel_call_with_empty_arguments.pte", variant(
        lambda p: setattr(p.chains[0].instructions[0].instr_args, "args", []))
    yield "kernel_op_index_out_of_range.pte", variant(
        lambda p: setattr(p.chains[0].instructions[0].instr_args, "op_index", 12))
    yield "input_index_out_of_range.pte", variant(lambda p: setattr(p, "inputs", [0, 500]))
    yield "output_index_negative.pte", variant(lambda p: setattr(p, "outputs", [-2]))
    yield "move_to_out_of_range.pte", variant(
        lambda p: p.chains[0].instructions.append(s.Instruction(instr_args=s.MoveCall(move_from=0, move_to=77))))
    yield "jump_to_out_of_range.pte", variant(
        lambda p: p.chains[0].instructions.append(
            s.Instruction(instr_args=s.JumpFalseCall(cond_value_index=0, destination_instruction=1000))))
    yield "int_list_refers_to_tensor.pte", variant(
        lambda p: p.values.append(s.EValue(val=s.IntList(items=[0, 1]))))
    yield "delegate_index_out_of_range.pte", variant(
        lambda p: p.chains[0].instructions.append(
            s.Instruction(instr_args=s.DelegateCall(delegate_index=3, args=[0]))))
    yield "method_without_name.pte", variant(lambda p: setattr(p, "name", None))
    yield "no_chains.pte", variant(lambda p: setattr(p, "chains", []))


def bundled_variants():
    program = serialize_pte(mul_program(), [])
    ones = np.ones((3, 2), np.float32).tobytes()

    def tensor(sizes, data, scalar_type=s.ScalarType.FLOAT):
        return bp.Value(val=bp.Tensor(scalar_type=scalar_type, sizes=sizes, data=data,
                                      dim_order=list(range(len(sizes)))))

    def bundle(inputs, outputs, method="forward", blob=program):
        case = bp.BundledMethodTestCase(inputs=inputs, expected_outputs=outputs)
        suite = bp.BundledMethodTestSuite(method_name=method, test_cases=[case])
        return serialize_bundled(bp.BundledProgram(version=0, method_test_suites=[suite], program=blob))

    good = [tensor([3, 2], ones), tensor([3, 2], ones)]
    yield "input_data_shorter_than_shape.bpte", bundle([tensor([3, 2], ones[:4]), good[1]], [good[0]])
    yield "input_shape_huge.bpte", bundle([tensor([INT32_MAX, INT32_MAX], ones), good[1]], [good[0]])
    yield "expected_output_short.bpte", bundle(good, [tensor([3, 2], ones[:8])])
    yield "expected_output_wrong_dtype.bpte", bundle(good, [tensor([3, 2], ones, s.ScalarType.LONG)])
    yield "too_many_inputs.bpte", bundle(good * 3, [good[0]])
    yield "too_many_outputs.bpte", bundle(good, good * 4)
    yield "suite_without_method_name.bpte", bundle(good, [good[0]], method=None)
    yield "input_value_none.bpte", bundle([bp.Value(val=None), good[1]], [good[0]])
    yield "unknown_method.bpte", bundle(good, [good[0]], method="backward")
    yield "program_blob_garbage.bpte", bundle(good, [good[0]], blob=b"\x00" * 64)
    yield "program_blob_truncated.bpte", bundle(good, [good[0]], blob=program[: len(program) // 2])


def ptd_variants():
    def ptd(named, segments):
        return serialize_ptd(ft.FlatTensor(version=0, named_data=named), segments)

    def layout(sizes, scalar_type=s.ScalarType.FLOAT):
        return ft.TensorLayout(scalar_type=scalar_type, sizes=sizes, dim_order=list(range(len(sizes))))

    weights = np.ones(6, np.float32).tobytes()
    good = ft.NamedData(key="w", segment_index=0, tensor_layout=layout([3, 2]))
    yield "segment_index_out_of_range.ptd", ptd([dataclass_replace(good, segment_index=9)], [weights])
    yield "layout_bigger_than_segment.ptd", ptd([dataclass_replace(good, tensor_layout=layout([300, 2]))], [weights])
    yield "layout_numel_overflows.ptd", ptd(
        [dataclass_replace(good, tensor_layout=layout([INT32_MAX] * 4))], [weights])
    yield "layout_negative_size.ptd", ptd([dataclass_replace(good, tensor_layout=layout([-1, 6]))], [weights])
    yield "key_missing.ptd", ptd([dataclass_replace(good, key=None)], [weights])
    blob = bytearray(ptd([good], [weights]))
    # The header's segment_base_offset and segment_data_size (bytes 24..39) past the end.
    blob[24:40] = (1 << 62).to_bytes(8, "little") + (1 << 62).to_bytes(8, "little")
    yield "header_segments_past_end.ptd", bytes(blob)


def dataclass_replace(obj, **changes):
    copied = copy.deepcopy(obj)
    for key, value in changes.items():
        setattr(copied, key, value)
    return copied


def npy_variants():
    def npy(header: str, data: bytes = b"", version: int = 1) -> bytes:
        text = header.encode("latin1")
        if version == 1:
            return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text + data
        return b"\x93NUMPY" + bytes([version, 0]) + len(text).to_bytes(4, "little") + text + data

    yield "shape_product_overflows.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776, 1099511627776), }")
    yield "shape_zero_times_huge.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 65536, 65536), }")
    yield "shape_dim_over_int32.npy", npy("{'descr': '<i1', 'fortran_order': False, 'shape': (0, 4294967299), }")
    yield "shape_17_dims.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, " * 17 + "), }", b"\0" * 4)
    yield "shape_negative.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", b"\0" * 4)
    yield "shape_unterminated.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3")
    yield "header_length_past_end.npy", npy("{'descr': '<f4', 'shape': (1,)}", version=2)[:12] + b"{"
    yield "header_4gb.npy", b"\x93NUMPY\x02\x00\xff\xff\xff\xff{'descr'"
    yield "descr_unterminated.npy", npy("{'descr': '<f4")
    yield "version_9.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", b"\0" * 4, version=9)
    yield "data_short.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }", b"\0" * 17)


def main() -> None:
    for name, variants in (("program", program_variants()), ("bundled", bundled_variants()),
                           ("ptd", ptd_variants()), ("npy", npy_variants())):
        directory = HERE / name
        directory.mkdir(exist_ok=True)
        for file_name, blob in variants:
            (directory / f"hostile_{file_name}").write_bytes(blob)
    # The unmodified program, for the resource-limit tests.
    (HERE / "program" / "valid_mul.pte").write_bytes(serialize_pte(mul_program(), []))


if __name__ == "__main__":
    main()
