"""The model zoo: architectures the exporter is tested on, with seeded random weights.

Every entry builds an eval-mode model whose weights come from a fixed seed
(no downloads), and fixed example inputs. ``slow`` entries are large enough
to be left out of the default test run.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, Tuple

import torch

from .deep_autoencoder import DeepAutoEncoder
from .ds_cnn import DSCNN
from .mobilenet_v1_025 import MobileNetV1025
from .resnet8 import ResNet8
from .tiny_rps import TinyRPS

IMAGE = (1, 3, 224, 224)


@dataclasses.dataclass(frozen=True)
class ZooModel:
    name: str
    family: str  # "mlperf_tiny", "wick", "torchvision" or "torchaudio"
    factory: Callable[[], torch.nn.Module]
    input_shapes: Tuple[Tuple[int, ...], ...]
    slow: bool = False

    def create(self, seed: int = 0) -> torch.nn.Module:
        torch.manual_seed(seed)
        return self.factory().eval()

    def example_inputs(self, seed: int = 1) -> Tuple[torch.Tensor, ...]:
        generator = torch.Generator().manual_seed(seed)
        return tuple(torch.randn(shape, generator=generator) for shape in self.input_shapes)


def _torchvision(name: str, **kwargs) -> Callable[[], torch.nn.Module]:
    def build():
        import torchvision

        return getattr(torchvision.models, name)(weights=None, **kwargs)

    return build


def _vit_b_16() -> torch.nn.Module:
    """torchvision zero-initializes the ViT head, which would make every output 0."""
    import torchvision

    model = torchvision.models.vit_b_16(weights=None)
    torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    return model


def _wav2letter() -> torch.nn.Module:
    import torchaudio

    return torchaudio.models.Wav2Letter(num_classes=40, input_type="waveform", num_features=1)


def _conv_tasnet() -> torch.nn.Module:
    import torchaudio

    return torchaudio.models.ConvTasNet(
        num_sources=2,
        enc_kernel_size=16,
        enc_num_feats=64,
        msk_kernel_size=3,
        msk_num_feats=32,
        msk_num_hidden_feats=64,
        msk_num_layers=2,
        msk_num_stacks=1,
    )


def _deepspeech() -> torch.nn.Module:
    import torchaudio

    return torchaudio.models.DeepSpeech(n_feature=40, n_hidden=64, n_class=20)


_ENTRIES = [
    ZooModel("resnet8", "mlperf_tiny", ResNet8, (ResNet8.input_shape,)),
    ZooModel("ds_cnn", "mlperf_tiny", DSCNN, (DSCNN.input_shape,)),
    ZooModel("mobilenet_v1_025", "mlperf_tiny", MobileNetV1025, (MobileNetV1025.input_shape,)),
    ZooModel("deep_autoencoder", "mlperf_tiny", DeepAutoEncoder, (DeepAutoEncoder.input_shape,)),
    ZooModel("tiny_rps", "wick", TinyRPS, (TinyRPS.input_shape,)),
    ZooModel("resnet18", "torchvision", _torchvision("resnet18"), (IMAGE,)),
    ZooModel("resnet50", "torchvision", _torchvision("resnet50"), (IMAGE,), slow=True),
    ZooModel("mobilenet_v2", "torchvision", _torchvision("mobilenet_v2"), (IMAGE,)),
    ZooModel("mobilenet_v3_small", "torchvision", _torchvision("mobilenet_v3_small"), (IMAGE,)),
    ZooModel("mobilenet_v3_large", "torchvision", _torchvision("mobilenet_v3_large"), (IMAGE,), slow=True),
    ZooModel("efficientnet_b0", "torchvision", _torchvision("efficientnet_b0"), (IMAGE,), slow=True),
    ZooModel("squeezenet1_1", "torchvision", _torchvision("squeezenet1_1"), (IMAGE,)),
    ZooModel("shufflenet_v2_x1_0", "torchvision", _torchvision("shufflenet_v2_x1_0"), (IMAGE,)),
    ZooModel("mnasnet1_0", "torchvision", _torchvision("mnasnet1_0"), (IMAGE,), slow=True),
    ZooModel("regnet_y_400mf", "torchvision", _torchvision("regnet_y_400mf"), (IMAGE,), slow=True),
    ZooModel("densenet121", "torchvision", _torchvision("densenet121"), (IMAGE,), slow=True),
    ZooModel("googlenet", "torchvision", _torchvision("googlenet", aux_logits=False, init_weights=True), (IMAGE,), slow=True),
    ZooModel("convnext_tiny", "torchvision", _torchvision("convnext_tiny"), (IMAGE,), slow=True),
    ZooModel("vit_b_16", "torchvision", _vit_b_16, (IMAGE,), slow=True),
    ZooModel("mnasnet0_5", "torchvision", _torchvision("mnasnet0_5"), (IMAGE,)),
    ZooModel("regnet_x_400mf", "torchvision", _torchvision("regnet_x_400mf"), (IMAGE,), slow=True),
    ZooModel("wav2letter", "torchaudio", _wav2letter, ((1, 1, 4000),), slow=True),
    ZooModel("conv_tasnet", "torchaudio", _conv_tasnet, ((1, 1, 800),)),
    ZooModel("deepspeech", "torchaudio", _deepspeech, ((1, 1, 50, 40),)),
]

ZOO: Dict[str, ZooModel] = {entry.name: entry for entry in _ENTRIES}
