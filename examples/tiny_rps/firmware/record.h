// The `record` file (game_args.h): one fixed-size little-endian entry per
// classified image, read by examples/tiny_rps/play.py (RECORD_DTYPE):
//
//   uint8   image[28][28]      what the device rendered and classified
//   uint8   label              the letter drawn (0 R, 1 P, 2 S)
//   uint8   predicted          the argmax
//   uint16  confidence_permille
//   float32 logits[3]          the program's output, bit for bit
//   uint32  instructions       executed by Method::execute()
#pragma once

#include <stdint.h>

#include "examples/tiny_rps/firmware/classifier.h"
#include "wick/error.h"

namespace tiny_rps {

constexpr int kRecordBytes = kPixels + 1 + 1 + 2 + 4 * kNumClasses + 4;

class Recorder {
 public:
  // An empty path records nothing.
  wick::Error open(const char* path);
  wick::Error write(const uint8_t image[kPixels], int label, const Classification& result);
  void close();

 private:
  int32_t handle_ = -1;
};

}  // namespace tiny_rps
