// Classifies one rendered letter with the TinyRPS program through Wick.
#pragma once

#include <stdint.h>

#include "examples/tiny_rps/firmware/render.h"
#include "wick/error.h"
#include "wick/program.h"

namespace tiny_rps {

constexpr int kNumClasses = 3;

struct Classification {
  int label = 0;                   // argmax of the logits (the first on ties)
  float logits[kNumClasses] = {};  // the program's float output
  int confidence_permille = 0;     // softmax probability of `label`, x1000, rounded
  uint64_t instructions = 0;       // executed by Method::execute()
};

// The method must take one float [1, 1, 28, 28] tensor and return one float
// [1, 3] tensor; anything else is logged and refused.
wick::Error check_signature(const wick::Method& method);

// Feeds `image` (uint8, row-major 28x28) as pixel / 255 and runs the method.
wick::Error classify(wick::Method& method, const uint8_t image[kPixels], Classification* out);

}  // namespace tiny_rps
