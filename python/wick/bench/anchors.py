"""CMSIS-NN instruction counts Wick is measured against, from
../shared/docs/anchors.md (QEMU, -icount shift=5, calibrated SysTick; kernel
calls only). `kind` says which Wick operator a layer corresponds to."""

from __future__ import annotations

import dataclasses
from typing import Dict, List


@dataclasses.dataclass(frozen=True)
class AnchorLayer:
    name: str
    kind: str  # conv, depthwise, maxpool, avgpool, linear, pad
    macs: int
    instructions: Dict[str, int]  # CMSIS-NN per target: m55 (Helium), m55_dsp, m4, m7


# anchors.md §4: the TinyRPS topology (tiny-rps.md §3), int8 NHWC.
TINY_RPS: List[AnchorLayer] = [
    AnchorLayer("conv1", "conv", 112_896,
                {"m55": 424_471, "m55_dsp": 1_159_034, "m4": 1_188_011, "m7": 1_201_521}),
    AnchorLayer("conv2", "conv", 3_612_672,
                {"m55": 1_186_520, "m55_dsp": 7_430_541, "m4": 7_714_212, "m7": 7_727_721}),
    AnchorLayer("pool1", "maxpool", 0,
                {"m55": 48_296, "m55_dsp": 236_592, "m4": 243_012, "m7": 241_835}),
    AnchorLayer("conv3", "conv", 3_612_672,
                {"m55": 855_321, "m55_dsp": 6_448_181, "m4": 6_701_766, "m7": 6_705_294}),
    AnchorLayer("pool2", "maxpool", 0,
                {"m55": 19_252, "m55_dsp": 109_779, "m4": 114_212, "m7": 113_916}),
    AnchorLayer("fc1", "linear", 401_408,
                {"m55": 189_921, "m55_dsp": 759_011, "m4": 759_081, "m7": 759_116}),
    AnchorLayer("fc2", "linear", 384,
                {"m55": 573, "m55_dsp": 1_087, "m4": 1_086, "m7": 1_088}),
]
TINY_RPS_TOTAL = {"m55": 2_724_354, "m55_dsp": 16_144_225, "m4": 16_721_380, "m7": 16_750_491}

# The targets for Wick on the M55 (issue 6, "What it must show").
TINY_RPS_TARGET_TOTAL = 2_000_000
TINY_RPS_TARGET_CONV1 = 200_000
# Size targets at -Os (MinSizeRel) on the M55: the runtime core's .text, and
# the .text of the kernels the TinyRPS image links (its operators only).
RUNTIME_CORE_TEXT_LIMIT = 16 * 1024
TINY_RPS_KERNELS_TEXT_LIMIT = 8 * 1024


def _kws(name: str, kind: str, macs: int, m55: int, m55_dsp: int, m4: int) -> AnchorLayer:
    return AnchorLayer(name, kind, macs, {"m55": m55, "m55_dsp": m55_dsp, "m4": m4})


# anchors.md §9: ExecuTorch's KeywordSpotting program, its 12 CMSIS-NN calls
# in program order (M55 Helium with Helium scratch sizes; no M7 figures).
KEYWORD_SPOTTING: List[AnchorLayer] = [
    _kws("0 depthwise 10x4 s2 (first)", "depthwise", 320_000, 300_047, 1_560_665, 1_710_571),
]
for _i in range(4):
    KEYWORD_SPOTTING += [
        _kws(f"{2 * _i + 1} depthwise 3x3", "depthwise", 72_000, 166_877, 579_191, 599_615),
        _kws(f"{2 * _i + 2} pointwise 1x1", "conv", 512_000, 202_879, 1_060_891, 1_068_926),
    ]
KEYWORD_SPOTTING += [
    _kws("9 pad (a copy)", "pad", 0, 2_330, 6_278, 6_028),
    _kws("10 avg pool 24x5", "avgpool", 0, 9_021, 41_387, 48_996),
    _kws("11 linear 64->12", "linear", 768, 669, 2_167, 2_170),
]
KEYWORD_SPOTTING_TOTAL = {"m55": 1_791_090, "m55_dsp": 8_170_824, "m4": 8_441_934}


def operator_kind(name: str) -> str:
    """The anchor kind of a Wick operator name, or "" for operators that are
    not CMSIS-NN layer calls (quantize, dequantize, copies)."""
    if "depthwise" in name:
        return "depthwise"
    if "conv2d" in name or "convolution" in name:
        return "conv"
    if "max_pool" in name:
        return "maxpool"
    if "avg_pool" in name:
        return "avgpool"
    if "linear" in name or "fully_connected" in name:
        return "linear"
    if name.endswith("pad.out") or "constant_pad" in name:
        return "pad"
    return ""
