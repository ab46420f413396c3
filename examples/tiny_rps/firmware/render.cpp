#include "examples/tiny_rps/firmware/render.h"

#include <math.h>
#include <string.h>

#include "tiny_rps_glyphs.h"
#include "wick/log.h"

namespace tiny_rps {
namespace {

// The recipe's probabilities and ranges (render.py holds the same constants).
constexpr float kPBlur = 0.6f, kMaxBlur = 0.7f;
constexpr float kPRotate = 0.8f, kMaxAngle = 18.0f;
constexpr float kPAffine = 0.5f;
constexpr float kScaleLow = 0.95f, kScaleHigh = 1.05f, kMaxShear = 0.05f, kMaxShift = 1.0f;
constexpr float kPNoise = 0.8f, kMinNoise = 3.0f, kMaxNoise = 12.0f;
constexpr float kDegree = static_cast<float>(3.14159265358979323846 / 180.0);
constexpr int kBlurTaps = 3;            // half-width: 3 sigma at the largest radius
constexpr float kMinBlurSigma = 0.05f;  // below this the kernel is the identity in uint8
constexpr float kCentre = (kSide - 1) / 2.0f;

static_assert(kGlyphSide == kSide, "glyph masks must be 28x28");

// Working images; static so that the stack stays small (no heap on device).
float g_image[kPixels];
float g_scratch[kPixels];

void place_glyph(const uint8_t (&mask)[kSide][kSide], int dx, int dy, float scale) {
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      const int sx = x - dx;
      const int sy = y - dy;
      const bool inside = sx >= 0 && sx < kSide && sy >= 0 && sy < kSide;
      g_image[y * kSide + x] = inside ? static_cast<float>(mask[sy][sx]) * scale : 0.0f;
    }
  }
}

// Separable Gaussian, black beyond the border: rows into g_scratch, then
// columns back into g_image; taps accumulate in order from the leftmost.
void blur(float sigma) {
  float weights[2 * kBlurTaps + 1];
  float sum = 0.0f;
  for (int k = 0; k <= 2 * kBlurTaps; ++k) {
    const float t = static_cast<float>(k - kBlurTaps);
    weights[k] = expf(-(t * t) / (2.0f * sigma * sigma));
    sum = k == 0 ? weights[0] : sum + weights[k];
  }
  for (float& w : weights) w = w / sum;
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      float acc = 0.0f;
      for (int k = 0; k <= 2 * kBlurTaps; ++k) {
        const int sx = x + k - kBlurTaps;
        acc += weights[k] * (sx >= 0 && sx < kSide ? g_image[y * kSide + sx] : 0.0f);
      }
      g_scratch[y * kSide + x] = acc;
    }
  }
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      float acc = 0.0f;
      for (int k = 0; k <= 2 * kBlurTaps; ++k) {
        const int sy = y + k - kBlurTaps;
        acc += weights[k] * (sy >= 0 && sy < kSide ? g_scratch[sy * kSide + x] : 0.0f);
      }
      g_image[y * kSide + x] = acc;
    }
  }
}

float pixel_or_black(const float* image, int y, int x) {
  return (x >= 0 && x < kSide && y >= 0 && y < kSide) ? image[y * kSide + x] : 0.0f;
}

// Output pixel p reads the input at m (p - c) + c + t, bilinearly.
void warp(const float (&m)[2][2], float tx, float ty) {
  memcpy(g_scratch, g_image, sizeof(g_image));
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      const float rx = static_cast<float>(x) - kCentre;
      const float ry = static_cast<float>(y) - kCentre;
      const float sx = m[0][0] * rx + m[0][1] * ry + kCentre + tx;
      const float sy = m[1][0] * rx + m[1][1] * ry + kCentre + ty;
      const float fx0 = floorf(sx);
      const float fy0 = floorf(sy);
      const float fx = sx - fx0;
      const float fy = sy - fy0;
      const int x0 = static_cast<int>(fx0);
      const int y0 = static_cast<int>(fy0);
      const float top = pixel_or_black(g_scratch, y0, x0) * (1.0f - fx) +
                        pixel_or_black(g_scratch, y0, x0 + 1) * fx;
      const float bottom = pixel_or_black(g_scratch, y0 + 1, x0) * (1.0f - fx) +
                           pixel_or_black(g_scratch, y0 + 1, x0 + 1) * fx;
      g_image[y * kSide + x] = top * (1.0f - fy) + bottom * fy;
    }
  }
}

}  // namespace

float Pcg32::normal() {
  const float u1 = static_cast<float>((next_u32() >> 8) + 1u) * (1.0f / 16777216.0f);
  const float u2 = unit();
  return sqrtf(-2.0f * logf(u1)) * cosf(static_cast<float>(2.0 * 3.14159265358979323846) * u2);
}

bool render_letter(int letter, Pcg32& rng, uint8_t out[kPixels]) {
  if (letter < 0 || letter >= kNumLetters) {
    WICK_LOG(Error, "render_letter: letter %d is not 0 (R), 1 (P) or 2 (S)", letter);
    return false;
  }
  const int size = rng.integer(kGlyphMinSize, kGlyphMaxSize + 1);
  const int dx = rng.integer(-2, 3);
  const int dy = rng.integer(-2, 3);
  const float brightness = static_cast<float>(rng.integer(180, 256));
  place_glyph(kGlyphs[letter][size - kGlyphMinSize], dx, dy, brightness / 255.0f);

  if (rng.uniform(0.0f, 1.0f) < kPBlur) {
    const float sigma = rng.uniform(0.0f, kMaxBlur);
    if (sigma >= kMinBlurSigma) blur(sigma);
  }

  float m[2][2] = {{1.0f, 0.0f}, {0.0f, 1.0f}};
  float tx = 0.0f, ty = 0.0f;
  bool warped = false;
  if (rng.uniform(0.0f, 1.0f) < kPRotate) {
    const float angle = rng.uniform(-kMaxAngle, kMaxAngle) * kDegree;
    const float c = cosf(angle), s = sinf(angle);
    m[0][0] = c;
    m[0][1] = s;
    m[1][0] = -s;
    m[1][1] = c;
    warped = true;
  }
  if (rng.uniform(0.0f, 1.0f) < kPAffine) {
    const float a = rng.uniform(kScaleLow, kScaleHigh);
    const float b = rng.uniform(-kMaxShear, kMaxShear);
    const float d = rng.uniform(-kMaxShear, kMaxShear);
    const float e = rng.uniform(kScaleLow, kScaleHigh);
    tx = rng.uniform(-kMaxShift, kMaxShift);
    ty = rng.uniform(-kMaxShift, kMaxShift);
    const float r[2][2] = {{m[0][0], m[0][1]}, {m[1][0], m[1][1]}};
    m[0][0] = a * r[0][0] + b * r[1][0];
    m[0][1] = a * r[0][1] + b * r[1][1];
    m[1][0] = d * r[0][0] + e * r[1][0];
    m[1][1] = d * r[0][1] + e * r[1][1];
    warped = true;
  }
  if (warped) warp(m, tx, ty);

  if (rng.uniform(0.0f, 1.0f) < kPNoise) {
    const float sigma = rng.uniform(kMinNoise, kMaxNoise);
    for (float& v : g_image) v = v + sigma * rng.normal();
  }

  for (int i = 0; i < kPixels; ++i) {
    const float v = floorf(g_image[i] + 0.5f);
    out[i] = static_cast<uint8_t>(v < 0.0f ? 0.0f : (v > 255.0f ? 255.0f : v));
  }
  return true;
}

}  // namespace tiny_rps
