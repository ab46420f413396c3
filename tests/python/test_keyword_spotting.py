"""Wick runs ExecuTorch's own int8 KeywordSpotting program (cortex_m / CMSIS-NN ops) bit
for bit like an independent numpy model of the CMSIS-NN arithmetic.

The program is the corpus file written by ExecuTorch's Arm flow (DS-CNN: quantize,
5 depthwise + 4 pointwise convs, pad, avg pool, linear, dequantize). Every layer is
checked, not just the end: for each instruction k a copy of the program truncated after
k, with that instruction's out tensor as the method output, runs in Wick and must equal
the interpreter's value for that step exactly.
"""

import dataclasses

import numpy as np
import pytest

import cortex_m_reference as ref

PROGRAM = "pytorch__executorch__arduino_KeywordSpotting_model.pte"
INPUT_SHAPE = (1, 1, 49, 10)
# The program's input quantization (instruction 0): scale 2.8228, zero point 68, so the
# representable float range is about [-553, 166].
INPUT_SCALE = np.float32(2.822781801223755)
INPUT_ZERO_POINT = 68


def _gaussian(seed, std, mean=0.0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(INPUT_SHAPE) * std + mean).astype(np.float32)


def _uniform_over_int8_range(seed):
    rng = np.random.default_rng(seed)
    lo = float(INPUT_SCALE) * (-128 - INPUT_ZERO_POINT)
    hi = float(INPUT_SCALE) * (127 - INPUT_ZERO_POINT)
    return rng.uniform(lo, hi, INPUT_SHAPE).astype(np.float32)


def _quantize_ties():
    """Inputs whose float32 product with 1/scale is exactly k + 0.5, so the quantizer's
    half-to-even rounding decides every element (and half of them round down)."""
    inv_scale = np.float32(1.0) / INPUT_SCALE
    ties = []
    for k in range(-196, 60):
        x = np.float32((k + 0.5) / float(inv_scale))
        for candidate in (x, np.nextafter(x, np.float32(np.inf)), np.nextafter(x, np.float32(-np.inf))):
            if np.float32(candidate * inv_scale) == np.float32(k + 0.5):
                ties.append(candidate)
                break
    assert len(ties) > 100, "too few exact ties to make the input meaningful"
    return np.resize(np.array(ties, dtype=np.float32), INPUT_SHAPE)


INPUTS = {
    "gauss_seed0_std60": lambda: _gaussian(0, 60.0),
    "gauss_seed1_std150_mean-100": lambda: _gaussian(1, 150.0, -100.0),
    "gauss_seed2_std20": lambda: _gaussian(2, 20.0),
    "uniform_seed3_full_range": lambda: _uniform_over_int8_range(3),
    "uniform_seed4_full_range": lambda: _uniform_over_int8_range(4),
    "quantizer_ties": _quantize_ties,
    "saturating_seed5": lambda: _gaussian(5, 2000.0),
    "zeros": lambda: np.zeros(INPUT_SHAPE, dtype=np.float32),
}


@pytest.fixture(scope="module")
def program_path(corpus_dir):
    path = corpus_dir / PROGRAM
    if not path.is_file():
        pytest.skip(f"{PROGRAM} is not in the corpus at {corpus_dir}")
    return path


@pytest.fixture(scope="module")
def pte(program_path):
    from wick.pte import deserialize_pte
    return deserialize_pte(program_path.read_bytes())


@pytest.fixture(scope="module")
def runtime():
    try:
        import wick.runtime
    except ImportError as error:
        pytest.skip(f"wick's C++ runtime module is not built: {error}")
    return wick.runtime


@pytest.fixture(scope="module")
def interpreter(pte):
    return ref.ProgramInterpreter(pte)


@pytest.fixture(scope="module")
def wick_module(runtime, program_path):
    return runtime.load(str(program_path))


@pytest.fixture(scope="module")
def truncated_programs(pte, runtime, tmp_path_factory):
    """One Wick module per instruction k: the program cut after k, returning k's out tensor."""
    from wick.pte import serialize_pte
    program = pte.program
    plan = program.execution_plan[0]
    chain = plan.chains[0]
    segments = [bytes(pte.segment(i)) for i in range(len(program.segments))]
    folder = tmp_path_factory.mktemp("kws_truncated")
    modules = []
    for k, instruction in enumerate(chain.instructions):
        out_value = instruction.instr_args.args[-1]
        cut_plan = dataclasses.replace(
            plan, chains=[dataclasses.replace(chain, instructions=chain.instructions[:k + 1])],
            outputs=[out_value])
        path = folder / f"upto_{k:02d}.pte"
        path.write_bytes(serialize_pte(dataclasses.replace(program, execution_plan=[cut_plan]), segments))
        modules.append(runtime.load(str(path)))
    return modules


def _describe_first_difference(name, got, want):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return f"{name}: Wick gives {got.dtype}{list(got.shape)}, reference {want.dtype}{list(want.shape)}"
    differ = np.argwhere(got != want) if got.dtype != np.float32 else \
        np.argwhere(got.view(np.uint32) != want.view(np.uint32))
    first = tuple(differ[0])
    return (f"{name}: {len(differ)} of {got.size} elements differ; first at logical index {first}: "
            f"Wick {got[first]!r}, reference {want[first]!r}")


def test_program_is_the_expected_cortex_m_graph(pte):
    plan = pte.method("forward")
    ops = [plan.operators[i.instr_args.op_index] for i in plan.chains[0].instructions]
    names = [o.name.split("::")[1] for o in ops]
    assert names == ["quantize_per_tensor", "quantized_depthwise_conv2d", "_clone_dim_order"] + \
        ["quantized_depthwise_conv2d", "quantized_conv2d"] * 4 + \
        ["_clone_dim_order", "pad", "quantized_avg_pool2d", "quantized_linear", "dequantize_per_tensor"]


@pytest.mark.parametrize("input_name", sorted(INPUTS))
def test_final_output_is_bit_exact(input_name, interpreter, wick_module):
    x = INPUTS[input_name]()
    trace = interpreter.run([x])
    (want,) = trace.outputs
    (got,) = wick_module.forward(x)
    assert got.dtype == np.float32 and want.dtype == np.float32
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32)), \
        _describe_first_difference("final output", got, want)


@pytest.mark.parametrize("input_name", sorted(INPUTS))
def test_every_layer_is_bit_exact(input_name, interpreter, truncated_programs):
    x = INPUTS[input_name]()
    trace = interpreter.run([x])
    assert len(trace.steps) == len(truncated_programs) == 16
    for step, module in zip(trace.steps, truncated_programs):
        (got,) = module.forward(x)
        want = step.result
        if want.dtype == np.float32:
            same = got.dtype == np.float32 and np.array_equal(got.view(np.uint32), want.view(np.uint32))
        else:
            same = got.dtype == want.dtype and np.array_equal(got, want)
        assert same, _describe_first_difference(f"instruction {step.index} ({step.op})", got, want)


def test_final_int8_and_its_dequantization(interpreter, truncated_programs, wick_module):
    """The int8 logits before dequantize agree, and dequantizing Wick's own int8 logits with
    the numpy formula gives exactly Wick's float output."""
    x = INPUTS["uniform_seed3_full_range"]()
    trace = interpreter.run([x])
    (int8_logits,) = truncated_programs[14].forward(x)
    assert int8_logits.dtype == np.int8
    assert np.array_equal(int8_logits, trace.steps[14].result)
    (floats,) = wick_module.forward(x)
    plan = interpreter.plan
    dq_args = plan.chains[0].instructions[15].instr_args.args
    scale = plan.values[dq_args[1]].val.double_val
    zero_point = plan.values[dq_args[2]].val.int_val
    assert np.array_equal(ref.dequantize_per_tensor(int8_logits, scale, zero_point).view(np.uint32),
                          floats.view(np.uint32))


def test_inputs_exercise_the_arithmetic(interpreter):
    """Guard against a vacuous comparison: across the inputs every integer layer produces
    many distinct, mostly unsaturated values, and the logits differ between inputs."""
    logits = []
    for name in sorted(INPUTS):
        if name in ("zeros", "saturating_seed5"):
            continue
        trace = interpreter.run([INPUTS[name]()])
        for step in trace.steps[1:15]:
            values = step.result
            assert len(np.unique(values)) >= 8, f"{name}: {step.op} at {step.index} is nearly constant"
            interior = np.mean((values > -128) & (values < 127))
            assert interior > 0.2, f"{name}: {step.op} at {step.index} is {1 - interior:.0%} saturated"
        logits.append(trace.steps[14].result)
    assert len({v.tobytes() for v in logits}) == len(logits)


def _single_rounding_requantize(acc, multiplier, shift):
    """TOSA-style SINGLE_ROUND: one rounding of acc * multiplier * 2^(shift - 31)."""
    acc = np.asarray(acc, dtype=np.int64)
    total = 31 - np.asarray(shift, dtype=np.int64)
    return (acc * np.asarray(multiplier, dtype=np.int64) + (np.int64(1) << (total - 1))) >> total


def _round_half_away_quantize(x, scale, zero_point, quant_min, quant_max):
    scaled = np.asarray(x, dtype=np.float32) * (np.float32(1.0) / np.float32(scale))
    q = (np.sign(scaled) * np.floor(np.abs(scaled) + np.float32(0.5))).astype(np.int64) + zero_point
    return np.clip(q, quant_min, quant_max).astype(np.int8)


def _truncating_avg_pool(x, kernel_size, stride, padding, ceil_mode, act_min=-128, act_max=127):
    def mean(window):
        total = window.sum(axis=-1)
        return np.trunc(total / window.shape[-1]).astype(np.int64)
    return np.clip(ref._pool(x, kernel_size, stride, padding, ceil_mode, mean), act_min, act_max).astype(np.int8)


@pytest.mark.parametrize("target, mutant", [
    ("requantize", _single_rounding_requantize),
    ("quantize_per_tensor", _round_half_away_quantize),
    ("quantized_avg_pool2d", _truncating_avg_pool),
])
def test_comparison_detects_plausible_arithmetic_mistakes(target, mutant, monkeypatch, pte, truncated_programs):
    """The bit-exact comparison has teeth: an interpreter with one plausible rounding mistake
    (TOSA's single rounding, half-away quantization, truncating average) disagrees with
    Wick on the test inputs at some layer."""
    monkeypatch.setattr(ref, target, mutant)
    wrong = ref.ProgramInterpreter(pte)
    for name in sorted(INPUTS):
        x = INPUTS[name]()
        for step, module in zip(wrong.run([x]).steps, truncated_programs):
            (got,) = module.forward(x)
            if got.dtype != step.result.dtype or not np.array_equal(got.view(np.uint8), step.result.view(np.uint8)):
                return
    pytest.fail(f"replacing {target} by {mutant.__name__} changed nothing: the inputs do not test it")
