"""python/wick/bench: the CMSIS-NN anchors and how Wick's operators pair with them."""

import pytest

from wick.bench import anchors, mcu
from wick.sim import report


@pytest.mark.parametrize("layers, totals", [
    (anchors.TINY_RPS, anchors.TINY_RPS_TOTAL),
    (anchors.KEYWORD_SPOTTING, anchors.KEYWORD_SPOTTING_TOTAL),
])
def test_anchor_layers_add_up_to_the_documented_totals(layers, totals):
    for target, total in totals.items():
        summed = sum(layer.instructions[target] for layer in layers)
        # anchors.md gives one figure for each group of repeated KWS layers,
        # which differ by counter noise (about 10 instructions, §3).
        assert abs(summed - total) <= 10, (target, summed, total)


def test_keyword_spotting_has_twelve_cmsis_calls():
    assert len(anchors.KEYWORD_SPOTTING) == 12
    assert sum(layer.macs for layer in anchors.KEYWORD_SPOTTING) == 2_656_768
    assert sum(layer.macs for layer in anchors.TINY_RPS) == 7_740_032


def _report(names):
    ops = [report.OperatorCount(i, n, 1, 100 + i) for i, n in enumerate(names)]
    return report.Report(status="Ok", operators=ops)


def test_layers_pair_in_order_skipping_non_layer_operators():
    names = ["cortex_m::quantize_per_tensor.out", "cortex_m::quantized_conv2d.out",
             "cortex_m::quantized_conv2d.out", "cortex_m::quantized_max_pool2d.out",
             "cortex_m::quantized_conv2d.out", "cortex_m::quantized_max_pool2d.out",
             "dim_order_ops::_clone_dim_order.out", "cortex_m::quantized_linear.out",
             "cortex_m::quantized_linear.out", "cortex_m::dequantize_per_tensor.out"]
    matched = mcu.match_layers(_report(names), anchors.TINY_RPS)
    assert {i: layer.name for i, layer in matched.items()} == {
        1: "conv1", 2: "conv2", 3: "pool1", 4: "conv3", 5: "pool2", 7: "fc1", 8: "fc2"}


def test_layers_that_do_not_pair_are_not_compared():
    names = ["cortex_m::quantized_conv2d.out"] * 3 + ["cortex_m::quantized_linear.out"] * 4
    assert mcu.match_layers(_report(names), anchors.TINY_RPS) == {}


def test_size_targets_say_which_limits_hold():
    data = {"images": {"runner": {"runtime_text": 15_000},
                       "runner_tiny_rps": {"kernel_text": 8_193}}}
    lines = mcu.size_targets(data)
    assert "| runtime core .text | 16,384 | 15,000 | yes |" in lines
    assert "| kernels TinyRPS links, .text | 8,192 | 8,193 | NO |" in lines
    assert data["targets"]["kernels TinyRPS links, .text"] == {
        "limit": 8_192, "value": 8_193, "met": False}
    assert mcu.size_targets({"images": {}}) == []
