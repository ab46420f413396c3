// RESCALE's parameters, shared by the RESCALE operator and the convolutions
// that apply it to each accumulator as it is produced (graph.cpp fuses a
// CONV2D/DEPTHWISE_CONV2D whose int32 output only feeds a RESCALE).
#pragma once

#include "backends/tosa/ops/op.h"
#include "backends/tosa/ops/scale.h"

namespace wick {
namespace tosa {

struct RescaleParams {
  size_t numel;
  size_t channels;  // 1 unless per-channel (then the last dimension)
  const int32_t* multiplier32;
  const int16_t* multiplier16;
  const int8_t* shift;
  int64_t input_zp;
  int64_t output_zp;
  bool double_round;
  bool input_unsigned;
  int64_t out_min;
  int64_t out_max;
};

// Runs RESCALE's ERROR_IF checks on `args` (a RESCALE operator) and fills `params`.
Error make_rescale_params(const OpArgs& args, RescaleParams* params);

// One output value from the (zero-extended or sign-extended) input value of channel c.
inline int64_t rescale_element(const RescaleParams& p, int64_t value, size_t c) {
  const int64_t v = value - p.input_zp;
  int64_t r;
  if (p.multiplier32 != nullptr) {
    r = apply_scale_32(v, p.multiplier32[c], p.shift[c], p.double_round);
  } else {
    r = static_cast<int32_t>(apply_scale_16(v, p.multiplier16[c], p.shift[c]));
  }
  return clip<int64_t>(r + p.output_zp, p.out_min, p.out_max);
}

}  // namespace tosa
}  // namespace wick
