#include "examples/tiny_rps/firmware/record.h"

#include <string.h>

#include "platform/cortex_m/semihosting.h"
#include "wick/log.h"

namespace tiny_rps {

wick::Error Recorder::open(const char* path) {
  if (path[0] == '\0') return wick::Error::Ok;
  handle_ = wick::semihosting::open(path, wick::semihosting::OpenMode::WriteBinary);
  if (handle_ < 0) {
    WICK_LOG(Error, "tiny_rps: cannot create the record file '%s'", path);
    return wick::Error::AccessFailed;
  }
  return wick::Error::Ok;
}

wick::Error Recorder::write(const uint8_t image[kPixels], int label, const Classification& result) {
  if (handle_ < 0) return wick::Error::Ok;
  uint8_t entry[kRecordBytes];
  size_t n = 0;
  memcpy(entry, image, kPixels);
  n += kPixels;
  entry[n++] = static_cast<uint8_t>(label);
  entry[n++] = static_cast<uint8_t>(result.label);
  const uint16_t confidence = static_cast<uint16_t>(result.confidence_permille);
  memcpy(entry + n, &confidence, sizeof(confidence));  // little-endian target
  n += sizeof(confidence);
  memcpy(entry + n, result.logits, sizeof(result.logits));
  n += sizeof(result.logits);
  const uint32_t instructions =
      result.instructions > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(result.instructions);
  memcpy(entry + n, &instructions, sizeof(instructions));
  if (wick::semihosting::write(handle_, entry, sizeof(entry)) != 0) {
    WICK_LOG(Error, "tiny_rps: writing the record file failed");
    return wick::Error::AccessFailed;
  }
  return wick::Error::Ok;
}

void Recorder::close() {
  if (handle_ >= 0) wick::semihosting::close(handle_);
  handle_ = -1;
}

}  // namespace tiny_rps
