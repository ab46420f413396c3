"""One noisy 28x28 letter image: the published recipe's augmentations.

The algorithm is the firmware's (firmware/render.cpp) step for step, and the
random draws come in the same order, so that the model is trained on what
the device will show it. The random source is pluggable: the dataset uses
numpy's generator (fast, seeded); ``Pcg32`` reproduces the firmware's own
generator exactly, which lets a test compare images rendered on the device
with the same images rendered here.

Steps, each with the recipe's probability and range (tiny-rps.md §2):
  font size 18..24, placement jitter -2..2 px, brightness 180..255
  Gaussian blur       p=0.6  sigma U(0, 0.7)
  rotation            p=0.8  U(-18, 18) degrees      } one bilinear warp
  affine jitter       p=0.5  1+-0.05, shear +-0.05, shift +-1 px   } about the centre
  Gaussian noise      p=0.8  sigma U(3, 12), clipped to [0, 255]
  inversion           p=0.15 (training set only)
"""

from __future__ import annotations

import math

import numpy as np

from .glyphs import MAX_SIZE, MIN_SIZE, SIDE

# float32 constants, written as the firmware writes them (firmware/render.cpp).
F32 = np.float32
P_BLUR, MAX_BLUR = F32(0.6), F32(0.7)
P_ROTATE, MAX_ANGLE = F32(0.8), F32(18.0)
P_AFFINE = F32(0.5)
SCALE_LOW, SCALE_HIGH, MAX_SHEAR, MAX_SHIFT = F32(0.95), F32(1.05), F32(0.05), F32(1.0)
P_NOISE, MIN_NOISE, MAX_NOISE = F32(0.8), F32(3.0), F32(12.0)
P_INVERT = F32(0.15)
DEGREE = F32(math.pi / 180.0)
TWO_PI = F32(2.0 * math.pi)
BLUR_TAPS = 3  # half-width of the blur kernel: covers 3 sigma at the largest radius
MIN_BLUR_SIGMA = 0.05  # below this the kernel is the identity in uint8
CENTRE = F32((SIDE - 1) / 2.0)


class NumpySource:
    """Random draws from a seeded numpy Generator (the dataset)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:  # low <= v < high
        return int(self.rng.integers(low, high))

    def uniform(self, low: float, high: float) -> np.float32:
        return F32(low) + (F32(high) - F32(low)) * self.rng.random(dtype=np.float32)

    def normals(self, n: int) -> np.ndarray:
        return self.rng.standard_normal(n, dtype=np.float32)


class Pcg32:
    """PCG-XSH-RR 32: the firmware's generator (firmware/prng.h), draw for draw."""

    MULT = 6364136223846793005
    MASK = (1 << 64) - 1

    def __init__(self, seed: int, stream: int = 54):
        self.state = 0
        self.inc = ((stream << 1) | 1) & self.MASK
        self.next_u32()
        self.state = (self.state + seed) & self.MASK
        self.next_u32()

    def next_u32(self) -> int:
        old = self.state
        self.state = (old * self.MULT + self.inc) & self.MASK
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    def unit(self) -> np.float32:  # [0, 1), 24 bits
        return F32(self.next_u32() >> 8) * F32(1.0 / (1 << 24))

    def integer(self, low: int, high: int) -> int:
        return low + self.next_u32() % (high - low)

    def uniform(self, low: float, high: float) -> np.float32:
        return F32(low) + (F32(high) - F32(low)) * self.unit()

    def normal(self) -> np.float32:
        # Box-Muller, one value per pair of draws; u1 in (0, 1] keeps log finite.
        u1 = F32((self.next_u32() >> 8) + 1) * F32(1.0 / (1 << 24))
        u2 = self.unit()
        return F32(np.sqrt(F32(-2.0) * np.log(u1)) * np.cos(TWO_PI * u2))

    def normals(self, n: int) -> np.ndarray:
        return np.array([self.normal() for _ in range(n)], np.float32)


def shift(mask: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(mask)
    src = mask[max(0, -dy):SIDE - max(0, dy), max(0, -dx):SIDE - max(0, dx)]
    out[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out


def blur_kernel(sigma: np.float32) -> np.ndarray:
    taps = np.arange(-BLUR_TAPS, BLUR_TAPS + 1, dtype=np.float32)
    weights = np.exp(-(taps * taps) / (F32(2.0) * sigma * sigma)).astype(np.float32)
    return weights / weights.sum(dtype=np.float32)


def blur(image: np.ndarray, sigma: np.float32) -> np.ndarray:
    """Separable Gaussian, black (0) beyond the border; rows first, then columns."""
    kernel = blur_kernel(sigma)
    padded = np.zeros((SIDE, SIDE + 2 * BLUR_TAPS), np.float32)
    padded[:, BLUR_TAPS:BLUR_TAPS + SIDE] = image
    rows = np.zeros((SIDE, SIDE), np.float32)
    for k in range(2 * BLUR_TAPS + 1):
        rows += kernel[k] * padded[:, k:k + SIDE]
    padded = np.zeros((SIDE + 2 * BLUR_TAPS, SIDE), np.float32)
    padded[BLUR_TAPS:BLUR_TAPS + SIDE] = rows
    out = np.zeros((SIDE, SIDE), np.float32)
    for k in range(2 * BLUR_TAPS + 1):
        out += kernel[k] * padded[k:k + SIDE]
    return out


def warp(image: np.ndarray, m: np.ndarray, tx: np.float32, ty: np.float32) -> np.ndarray:
    """Bilinear resampling: output pixel p reads the input at m @ (p - c) + c + t, black outside."""
    ys, xs = np.meshgrid(np.arange(SIDE, dtype=np.float32), np.arange(SIDE, dtype=np.float32),
                         indexing="ij")
    rx, ry = xs - F32(CENTRE), ys - F32(CENTRE)
    sx = m[0, 0] * rx + m[0, 1] * ry + CENTRE + tx
    sy = m[1, 0] * rx + m[1, 1] * ry + CENTRE + ty
    x0, y0 = np.floor(sx), np.floor(sy)
    fx, fy = sx - x0, sy - y0
    x0, y0 = x0.astype(np.int64), y0.astype(np.int64)

    def at(y, x):
        inside = (x >= 0) & (x < SIDE) & (y >= 0) & (y < SIDE)
        return np.where(inside, image[np.clip(y, 0, SIDE - 1), np.clip(x, 0, SIDE - 1)], F32(0))

    top = at(y0, x0) * (F32(1) - fx) + at(y0, x0 + 1) * fx
    bottom = at(y0 + 1, x0) * (F32(1) - fx) + at(y0 + 1, x0 + 1) * fx
    return (top * (F32(1) - fy) + bottom * fy).astype(np.float32)


def render(masks: np.ndarray, letter: int, source, p_invert: float = 0.0) -> np.ndarray:
    """uint8 [28, 28] image of letter 0 (R), 1 (P) or 2 (S); `masks` from glyphs.glyph_masks()."""
    size = source.integer(MIN_SIZE, MAX_SIZE + 1)
    dx = source.integer(-2, 3)
    dy = source.integer(-2, 3)
    brightness = F32(source.integer(180, 256))
    image = shift(masks[letter, size - MIN_SIZE], dx, dy).astype(np.float32) * (brightness / F32(255))

    if source.uniform(0, 1) < P_BLUR:
        sigma = source.uniform(0, MAX_BLUR)
        if sigma >= MIN_BLUR_SIGMA:
            image = blur(image, sigma)

    m = np.eye(2, dtype=np.float32)
    tx = ty = F32(0)
    warped = False
    if source.uniform(0, 1) < P_ROTATE:
        angle = source.uniform(-MAX_ANGLE, MAX_ANGLE) * DEGREE
        c, s = F32(np.cos(angle)), F32(np.sin(angle))
        m = np.array([[c, s], [-s, c]], np.float32)
        warped = True
    if source.uniform(0, 1) < P_AFFINE:
        a = source.uniform(SCALE_LOW, SCALE_HIGH)
        b = source.uniform(-MAX_SHEAR, MAX_SHEAR)
        d = source.uniform(-MAX_SHEAR, MAX_SHEAR)
        e = source.uniform(SCALE_LOW, SCALE_HIGH)
        tx = source.uniform(-MAX_SHIFT, MAX_SHIFT)
        ty = source.uniform(-MAX_SHIFT, MAX_SHIFT)
        # [[a, b], [d, e]] @ m, element by element in float32 as the firmware does it.
        m = np.array([[a * m[0, 0] + b * m[1, 0], a * m[0, 1] + b * m[1, 1]],
                      [d * m[0, 0] + e * m[1, 0], d * m[0, 1] + e * m[1, 1]]], np.float32)
        warped = True
    if warped:
        image = warp(image, m, tx, ty)

    if source.uniform(0, 1) < P_NOISE:
        sigma = source.uniform(MIN_NOISE, MAX_NOISE)
        image = image + sigma * source.normals(SIDE * SIDE).reshape(SIDE, SIDE)

    out = np.clip(np.floor(image + F32(0.5)), F32(0), F32(255)).astype(np.uint8)
    if p_invert > 0 and source.uniform(0, 1) < p_invert:
        out = 255 - out
    return out


def to_tensor_array(images: np.ndarray) -> np.ndarray:
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28] in [0, 1] (the model's input; no normalisation)."""
    return (images.astype(np.float32) / F32(255))[:, None]
