#include "platform/host/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

namespace wick {
namespace host {

void AlignedBuffer::Free::operator()(uint8_t* p) const { free(p); }

AlignedBuffer::AlignedBuffer(size_t size) : size_(size) {
  // aligned_alloc needs a multiple of the alignment; never zero bytes.
  const size_t rounded = ((size + 63) / 64) * 64 + 64;
  data_.reset(static_cast<uint8_t*>(aligned_alloc(64, rounded)));
  if (data_) memset(data_.get(), 0, rounded);
}

Result<AlignedBuffer> read_file(const std::string& path, std::string* why) {
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (why) *why = strerror(errno);
    return Error::AccessFailed;
  }
  // fopen succeeds on a directory, whose "size" would then be read as huge.
  struct stat info;
  if (fstat(fileno(f), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (why) *why = S_ISDIR(info.st_mode) ? "it is a directory" : "not a regular file";
    fclose(f);
    return Error::AccessFailed;
  }
  if (fseek(f, 0, SEEK_END) != 0) {
    if (why) *why = "cannot seek (not a regular file?)";
    fclose(f);
    return Error::AccessFailed;
  }
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (size < 0) {
    if (why) *why = "cannot determine size";
    fclose(f);
    return Error::AccessFailed;
  }
  AlignedBuffer buffer(static_cast<size_t>(size));
  if (buffer.data() == nullptr) {
    if (why) *why = "out of memory";
    fclose(f);
    return Error::MemoryAllocationFailed;
  }
  const size_t got = fread(buffer.data(), 1, buffer.size(), f);
  fclose(f);
  if (got != buffer.size()) {
    if (why) *why = "short read";
    return Error::AccessFailed;
  }
  return buffer;
}

}  // namespace host
}  // namespace wick
