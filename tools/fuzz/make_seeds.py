"""Seeds for `./wick fuzz TARGET`: files Wick itself writes, so the fuzzer
starts from what the exporter produces as well as from the public corpus.

    python3 tools/fuzz/make_seeds.py program|bundled|ptd|npy|tosa DIR

program: small float and int8 (cortex_m) exports; bundled: the same programs
with test cases in a .bpte; ptd: external-data files of both layouts' current
form; npy: arrays of every dtype the host tools read; tosa: the TOSA flatbuffers
the exporter stores as TOSABackend delegates, int8 (PRO-INT) and float (PRO-FP).
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import torch

from wick.pte import bundled_schema as bp
from wick.pte import flat_tensor_schema as ft
from wick.pte import serialize_bundled, serialize_ptd
from wick.pte.dtypes import NUMPY_DTYPE
from wick.pte.schema import ScalarType


class ConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 4, 3, padding=1)
        self.fc = torch.nn.Linear(4, 3)

    def forward(self, x):
        y = torch.nn.functional.max_pool2d(torch.relu(self.conv(x)), 2)
        return torch.softmax(self.fc(y.mean(dim=(2, 3))), dim=-1)


class Mixed(torch.nn.Module):
    def forward(self, x, y):
        z = torch.cat([x, y], dim=1).permute(0, 2, 1)
        return torch.tanh(z).sum(dim=-1, keepdim=True), (x * y).clamp(-1, 1)


def _programs():
    torch.manual_seed(0)
    yield "wick_convnet", ConvNet().eval(), (torch.randn(1, 2, 8, 8),)
    yield "wick_mixed", Mixed().eval(), (torch.randn(1, 3, 4), torch.randn(1, 3, 4))


def export_programs():
    """(name, .pte bytes, example inputs, expected outputs) per seed program."""
    from wick.exir import to_edge
    from wick.export import export
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e, to_cortex_m

    out = []
    for name, model, inputs in _programs():
        program = to_edge(export(model, inputs)).to_executorch()
        expected = model(*inputs)
        expected = expected if isinstance(expected, tuple) else (expected,)
        out.append((name, program.buffer, inputs, expected))
    model, inputs = ConvNet().eval(), (torch.randn(1, 2, 8, 8),)
    prepared = prepare_pt2e(export(model, inputs), QuantConfig())
    calibrate(prepared, [torch.randn(1, 2, 8, 8) for _ in range(4)], progress=False)
    program = to_cortex_m(convert_pt2e(prepared), report=lambda line: None).to_executorch()
    out.append(("wick_convnet_int8", program.buffer, inputs, ()))
    return out


def _scalar_type(dtype: np.dtype) -> ScalarType:
    return {np.dtype(v): k for k, v in reversed(list(NUMPY_DTYPE.items()))}[np.dtype(dtype)]


def _bundled_tensor(t: torch.Tensor) -> bp.Value:
    array = t.detach().contiguous().numpy()
    return bp.Value(val=bp.Tensor(scalar_type=_scalar_type(array.dtype), sizes=list(array.shape),
                                  data=array.tobytes(), dim_order=list(range(array.ndim))))


def write_program_seeds(directory: pathlib.Path) -> None:
    for name, buffer, _, _ in export_programs():
        (directory / f"{name}.pte").write_bytes(buffer)


def write_bundled_seeds(directory: pathlib.Path) -> None:
    for name, buffer, inputs, expected in export_programs():
        if not expected:
            continue
        case = bp.BundledMethodTestCase(inputs=[_bundled_tensor(t) for t in inputs],
                                        expected_outputs=[_bundled_tensor(t) for t in expected])
        suite = bp.BundledMethodTestSuite(method_name="forward", test_cases=[case])
        blob = serialize_bundled(bp.BundledProgram(version=0, method_test_suites=[suite], program=buffer))
        (directory / f"{name}.bpte").write_bytes(blob)


def write_ptd_seeds(directory: pathlib.Path) -> None:
    tensors = {"linear.weight": np.arange(12, dtype=np.float32).reshape(3, 4),
               "linear.bias": np.ones(3, np.float32), "scale": np.array([2], np.int64)}
    named, segments = [], []
    for index, (key, array) in enumerate(tensors.items()):
        layout = ft.TensorLayout(scalar_type=_scalar_type(array.dtype), sizes=list(array.shape),
                                 dim_order=list(range(array.ndim)))
        named.append(ft.NamedData(key=key, segment_index=index, tensor_layout=layout))
        segments.append(array.tobytes())
    blob = serialize_ptd(ft.FlatTensor(version=0, named_data=named), segments)
    (directory / "wick_three_tensors.ptd").write_bytes(blob)


def write_npy_seeds(directory: pathlib.Path) -> None:
    arrays = [np.zeros((2, 3), np.float32), np.arange(5, dtype=np.int64), np.ones((1, 1, 2), np.int8),
              np.array(True), np.arange(6, dtype=np.float64).reshape(3, 2), np.zeros((0, 4), np.uint8),
              np.ones(3, np.float16), np.arange(4, dtype=np.int16), np.arange(4, dtype=np.int32)]
    for index, array in enumerate(arrays):
        np.save(directory / f"seed{index}.npy", array)


def write_tosa_seeds(directory: pathlib.Path) -> None:
    import tempfile

    from wick.backends.tosa import to_tosa
    from wick.export import export
    from wick.quantization import QuantConfig, calibrate, convert_pt2e, prepare_pt2e

    torch.manual_seed(0)
    lowered = []
    for name, model, inputs in _programs():
        lowered.append((f"wick_{name[5:]}_fp32", export(model, inputs)))
    model, inputs = ConvNet().eval(), (torch.randn(1, 2, 8, 8),)
    prepared = prepare_pt2e(export(model, inputs), QuantConfig())
    calibrate(prepared, [torch.randn(1, 2, 8, 8) for _ in range(4)], progress=False)
    lowered.append(("wick_convnet_int8", convert_pt2e(prepared)))
    for name, program in lowered:
        with tempfile.TemporaryDirectory() as emitted:
            to_tosa(program, emit_tosa_dir=emitted)
            for blob in sorted(pathlib.Path(emitted).glob("*.tosa")):
                (directory / f"{name}_{blob.name}").write_bytes(blob.read_bytes())


def main(argv):
    if len(argv) != 3 or argv[1] not in ("program", "bundled", "ptd", "npy", "tosa"):
        print(__doc__, file=sys.stderr)
        return 2
    directory = pathlib.Path(argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    {"program": write_program_seeds, "bundled": write_bundled_seeds, "ptd": write_ptd_seeds,
     "npy": write_npy_seeds, "tosa": write_tosa_seeds}[argv[1]](directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
