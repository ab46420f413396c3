"""Model definitions written for Wick (MLPerf Tiny, TinyRPS) and the export test zoo."""

from .deep_autoencoder import DeepAutoEncoder
from .ds_cnn import DSCNN
from .mobilenet_v1_025 import MobileNetV1025
from .resnet8 import ResNet8
from .tiny_rps import TinyRPS
from .zoo import ZOO, ZooModel

__all__ = ["DSCNN", "DeepAutoEncoder", "MobileNetV1025", "ResNet8", "TinyRPS", "ZOO", "ZooModel"]
