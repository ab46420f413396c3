"""The torch oracle on the corpus programs whose semantics are known (corpus README)."""

import numpy as np
import pytest
import torch

from wick.oracle import OracleError, evaluate, random_inputs, unsupported_operators
from wick.pte import PteFormatError, deserialize_bundled, deserialize_ptd, deserialize_pte
from wick.pte.dtypes import array_from_bytes
from wick.pte.schema import Tensor

SEED = 1234


def load(corpus_dir, name):
    return deserialize_pte((corpus_dir / name).read_bytes())


def constant_tensors(pte, method="forward"):
    """{sizes tuple: logical array} of the constant tensors of a method, decoded with numpy."""
    found = {}
    for value in pte.method(method).values:
        t = value.val
        if isinstance(t, Tensor) and t.data_buffer_idx > 0 and t.allocation_info is None:
            found[tuple(t.sizes)] = array_from_bytes(pte.tensor_data(t), t.scalar_type, t.sizes, t.dim_order)
    return found


@pytest.mark.parametrize("name", ["barakugav__executorch-rs__add.pte", "pytorch__executorch__apple_add.pte"])
def test_add(corpus_dir, name):
    pte = load(corpus_dir, name)
    x, y = random_inputs(pte, "forward", SEED)
    assert x.dtype == torch.float32 and list(x.shape) == [1]
    (out,) = evaluate(pte, "forward", [x, y])
    torch.testing.assert_close(out, x + y)


def test_random_inputs_are_fixed_by_the_seed(corpus_dir):
    pte = load(corpus_dir, "mybigday__node-executorch__mul.pte")
    a = random_inputs(pte, "forward", SEED)
    b = random_inputs(pte, "forward", SEED)
    c = random_inputs(pte, "forward", SEED + 1)
    assert all(torch.equal(u, v) for u, v in zip(a, b))
    assert not torch.equal(a[0], c[0])


def test_mul_legacy_layout(corpus_dir):
    pte = load(corpus_dir, "mybigday__node-executorch__mul.pte")
    x, y = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x, y])
    torch.testing.assert_close(out, x * y)


def test_numpy_inputs_are_accepted(corpus_dir):
    pte = load(corpus_dir, "mybigday__node-executorch__mul.pte")
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    (out,) = evaluate(pte, "forward", [x, x])
    np.testing.assert_array_equal(out.numpy(), x * x)


def test_data_map_model_with_external_data(corpus_dir):
    pte = load(corpus_dir, "barakugav__executorch-rs__data_map_model.pte")
    ptd = deserialize_ptd((corpus_dir / "barakugav__executorch-rs__data_map__default_external_constant.ptd")
                          .read_bytes())
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x], ptd)
    torch.testing.assert_close(out, 3 * x + 2)
    with pytest.raises(PteFormatError, match="EXTERNAL"):
        evaluate(pte, "forward", [x])


def test_module_linear_with_layout_a_ptd(corpus_dir):
    pte = load(corpus_dir, "pytorch__executorch__module_linear.pte")
    ptd = deserialize_ptd((corpus_dir / "pytorch__executorch__module_linear.ptd").read_bytes())
    layout_w, raw_w = ptd.tensor("linear.weight")
    layout_b, raw_b = ptd.tensor("linear.bias")
    weight = torch.from_numpy(array_from_bytes(raw_w, layout_w.scalar_type, layout_w.sizes))
    bias = torch.from_numpy(array_from_bytes(raw_b, layout_b.scalar_type, layout_b.sizes))
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x], ptd)
    torch.testing.assert_close(out, torch.nn.functional.linear(x, weight, bias))


def test_priced_converts_long_to_float(corpus_dir):
    pte = load(corpus_dir, "corey-cole__djl-executorch-engine__priced.pte")
    x, n = random_inputs(pte, "forward", SEED)
    assert n.dtype == torch.int64
    n = torch.tensor([7], dtype=torch.int64)
    (out,) = evaluate(pte, "forward", [x, n])
    torch.testing.assert_close(out, x * 7.0)


def test_const_methods(corpus_dir):
    pte = load(corpus_dir, "corey-cole__executorch-numpy-runtime__const_methods.pte")
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x])
    torch.testing.assert_close(out, x + 1)
    assert evaluate(pte, "get_scalar", []) == [128]
    assert evaluate(pte, "get_double", []) == [2.5]
    assert evaluate(pte, "get_bool", []) == [True]
    (tensor,) = evaluate(pte, "get_tensor", [])
    assert tensor.dtype == torch.int64 and tensor.tolist() == [1, 2, 3]


def test_identity_with_empty_chain(corpus_dir):
    pte = load(corpus_dir, "kadu-v__berry-executorch__id.pte")
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x])
    assert torch.equal(out, x)


def test_arduino_add_model_broadcasts_a_0_dim_constant(corpus_dir):
    pte = load(corpus_dir, "pytorch__executorch__arduino_AddModel_model.pte")
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x])
    torch.testing.assert_close(out, x + 1.0)


def test_conv_relu_with_boxed_int_lists(corpus_dir):
    pte = load(corpus_dir, "dinusha94__executorch__model.pte")
    constants = constant_tensors(pte)
    weight = torch.from_numpy(constants[(16, 3, 3, 3)])
    bias = torch.from_numpy(constants[(16,)])
    (x,) = random_inputs(pte, "forward", SEED)
    (out,) = evaluate(pte, "forward", [x])
    expected = torch.relu(torch.nn.functional.conv2d(x, weight, bias, stride=1, padding=1))
    torch.testing.assert_close(out, expected)


def test_int32_embedded_program(corpus_dir):
    pte = load(corpus_dir, "pytorch__executorch__bundled_program__embedded_program.pte")
    x, y = random_inputs(pte, "forward", SEED)
    assert x.dtype == torch.int32
    (out,) = evaluate(pte, "forward", [x, y])
    assert out.dtype == torch.int32
    assert torch.equal(out, 3 * x + 2 + y)


def test_bundled_program_expected_outputs(corpus_dir):
    bundled = deserialize_bundled((corpus_dir / "pytorch__executorch__bundled_program.bpte").read_bytes())
    pte = deserialize_pte(bundled.program)
    for suite in bundled.method_test_suites:
        for case in suite.test_cases:
            inputs = [torch.from_numpy(array_from_bytes(v.val.data, v.val.scalar_type, v.val.sizes, v.val.dim_order))
                      for v in case.inputs]
            outputs = evaluate(pte, suite.method_name, inputs)
            for got, want in zip(outputs, case.expected_outputs):
                expected = array_from_bytes(want.val.data, want.val.scalar_type, want.val.sizes, want.val.dim_order)
                np.testing.assert_array_equal(got.numpy(), expected)


def test_ecg_training_step_matches_autograd(corpus_dir):
    pte = load(corpus_dir, "berndporr__dnf_executorch__ecg_filt_demo_dnf_executorch.pte")
    plan = pte.method("forward")
    weight0, bias0 = (torch.from_numpy(array_from_bytes(pte.tensor_data(plan.values[i].val),
                                                        plan.values[i].val.scalar_type, plan.values[i].val.sizes))
                      for i in plan.outputs[5:7])
    x, target = random_inputs(pte, "forward", SEED)
    loss, y, error, grad_w, grad_b, weight, bias = evaluate(pte, "forward", [x, target])
    w = weight0.clone().requires_grad_(True)
    b = bias0.clone().requires_grad_(True)
    expected_y = torch.tanh(torch.addmm(b, x, w.t()))
    expected_loss = (target - expected_y) ** 2
    expected_loss.sum().backward()
    torch.testing.assert_close(y, expected_y.detach())
    torch.testing.assert_close(error, (target - expected_y).detach())
    torch.testing.assert_close(loss, expected_loss.detach())
    torch.testing.assert_close(grad_w, w.grad)
    torch.testing.assert_close(grad_b, b.grad)
    assert torch.equal(weight, weight0) and torch.equal(bias, bias0)
    assert evaluate(pte, "__et_training_fqn_forward", []) == ["net.seq.Layer0.weight", "net.seq.Layer0.bias"]
    assert evaluate(pte, "__et_training_gradients_index_forward", []) == [3]
    assert evaluate(pte, "__et_training_parameters_index_forward", []) == [5]


@pytest.mark.parametrize("name,backend", [
    ("corey-cole__djl-executorch-engine__conv.pte", "XnnpackBackend"),
    ("corey-cole__djl-executorch-engine__openvino_tiny.pte", "OpenvinoBackend"),
    ("Arm-Examples__CMSIS-Executorch__Corstone320_ethos_u_minimal_example.pte", "EthosUBackend"),
])
def test_delegates_are_reported(corpus_dir, name, backend):
    pte = load(corpus_dir, name)
    with pytest.raises(OracleError, match=f"backend {backend} not available in the oracle"):
        evaluate(pte, "forward", random_inputs(pte, "forward", SEED))


def test_unsupported_operators_are_listed(corpus_dir):
    lstm = load(corpus_dir, "corey-cole__executorch-numpy-runtime__lstm.pte")
    assert unsupported_operators(lstm, "forward") == ["etnp::lstm.out"]
    with pytest.raises(OracleError, match="etnp::lstm.out"):
        evaluate(lstm, "forward", random_inputs(lstm, "forward", SEED))
    kws = load(corpus_dir, "pytorch__executorch__arduino_KeywordSpotting_model.pte")
    assert "cortex_m::quantized_conv2d.out" in unsupported_operators(kws, "forward")
    assert "dim_order_ops::_clone_dim_order.out" not in unsupported_operators(kws, "forward")
    add = load(corpus_dir, "barakugav__executorch-rs__add.pte")
    assert unsupported_operators(add, "forward") == []


def test_non_contiguous_input_dim_order_is_logical(corpus_dir):
    kws = load(corpus_dir, "pytorch__executorch__arduino_KeywordSpotting_model.pte")
    (x,) = random_inputs(kws, "forward", SEED)
    meta = kws.method("forward").values[kws.method("forward").inputs[0]].val
    assert meta.dim_order == [0, 2, 1, 3] and list(x.shape) == [1, 1, 49, 10]


def test_wrong_input_dtype_is_rejected(corpus_dir):
    pte = load(corpus_dir, "barakugav__executorch-rs__add.pte")
    with pytest.raises(OracleError, match="dtype"):
        evaluate(pte, "forward", [torch.ones(1, dtype=torch.float64), torch.ones(1)])
    with pytest.raises(OracleError, match="shape"):
        evaluate(pte, "forward", [torch.ones(2), torch.ones(1)])
