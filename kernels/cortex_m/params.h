// Parameter structs shared by the int8 kernel math (reference and Helium).
//
// Activations are NHWC int8. All offsets follow CMSIS-NN: an input offset is
// ADDED to each input value (so it is -zero_point), an output offset is added
// after requantization (so it is +zero_point).
#pragma once

#include <stdint.h>

namespace wick {
namespace cortex_m {

// Extents of an NHWC activation or an OHWI / 1HWC filter, in elements.
struct Dims4 {
  int32_t n;
  int32_t h;
  int32_t w;
  int32_t c;
};

struct HeightWidth {
  int32_t h;
  int32_t w;
};

// Inclusive output clamp, within [-128, 127].
struct Activation {
  int32_t min;
  int32_t max;
};

// One requantization (multiplier Q0.31, shift in [-31, 31], positive = left).
struct Requant {
  int32_t multiplier;
  int32_t shift;
};

// Per-output-channel requantization: multiplier[c], shift[c].
struct PerChannelQuant {
  const int32_t* multiplier;
  const int32_t* shift;
};

struct ConvParams {
  HeightWidth stride;
  HeightWidth padding;  // top / left; the bottom / right follow from the shapes
  HeightWidth dilation;
  int32_t input_offset;
  int32_t output_offset;
  Activation activation;
};

struct DepthwiseConvParams {
  HeightWidth stride;
  HeightWidth padding;
  HeightWidth dilation;
  int32_t depth_multiplier;  // output channel = input channel * depth_multiplier + m
  int32_t input_offset;
  int32_t output_offset;
  Activation activation;
};

struct PoolParams {
  HeightWidth kernel;
  HeightWidth stride;
  HeightWidth padding;
  HeightWidth dilation;
  Activation activation;
};

struct FullyConnectedParams {
  int32_t input_offset;
  int32_t filter_offset;
  int32_t output_offset;
  Activation activation;
};

}  // namespace cortex_m
}  // namespace wick
