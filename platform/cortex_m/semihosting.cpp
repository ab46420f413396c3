#include "platform/cortex_m/semihosting.h"

#include <string.h>

#include "wick/log.h"

namespace wick {
namespace semihosting {
namespace {

// Operation numbers from the Arm semihosting specification.
enum Operation : uint32_t {
  kSysOpen = 0x01,
  kSysClose = 0x02,
  kSysWrite0 = 0x04,
  kSysWrite = 0x05,
  kSysRead = 0x06,
  kSysFlen = 0x0C,
  kSysExitExtended = 0x20,
};
constexpr uint32_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit

uint32_t call(uint32_t operation, const void* argument) {
  register uint32_t r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

}  // namespace

int32_t open(const char* path, OpenMode mode) {
  const uint32_t block[3] = {reinterpret_cast<uintptr_t>(path), static_cast<uint32_t>(mode),
                             static_cast<uint32_t>(strlen(path))};
  return static_cast<int32_t>(call(kSysOpen, block));
}

int32_t close(int32_t handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  return static_cast<int32_t>(call(kSysClose, block));
}

int32_t file_length(int32_t handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  return static_cast<int32_t>(call(kSysFlen, block));
}

size_t read(int32_t handle, void* buffer, size_t size) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uintptr_t>(buffer),
                             static_cast<uint32_t>(size)};
  return call(kSysRead, block);
}

size_t write(int32_t handle, const void* buffer, size_t size) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uintptr_t>(buffer),
                             static_cast<uint32_t>(size)};
  return call(kSysWrite, block);
}

void write0(const char* text) { call(kSysWrite0, text); }

void exit(int status) {
  // SYS_EXIT_EXTENDED carries the status to the host (QEMU exits with it);
  // plain SYS_EXIT on AArch32 can only say "success" or "failure".
  const uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(status)};
  call(kSysExitExtended, block);
  for (;;) {
  }
}

Result<size_t> read_file(const char* path, Span<uint8_t> dest) {
  const int32_t handle = open(path, OpenMode::ReadBinary);
  if (handle < 0) {
    WICK_LOG(Error, "semihosting: cannot open '%s' for reading", path);
    return Error::AccessFailed;
  }
  const int32_t length = file_length(handle);
  if (length < 0) {
    WICK_LOG(Error, "semihosting: cannot get the length of '%s'", path);
    close(handle);
    return Error::AccessFailed;
  }
  const size_t size = static_cast<size_t>(length);
  if (size > dest.size()) {
    WICK_LOG(Error, "semihosting: '%s' has %u bytes, the buffer holds %u", path,
             static_cast<unsigned>(size), static_cast<unsigned>(dest.size()));
    close(handle);
    return Error::OutOfResources;
  }
  const size_t missing = read(handle, dest.data(), size);
  close(handle);
  if (missing != 0) {
    WICK_LOG(Error, "semihosting: short read of '%s': %u of %u bytes", path,
             static_cast<unsigned>(size - missing), static_cast<unsigned>(size));
    return Error::AccessFailed;
  }
  return size;
}

Error write_file(const char* path, Span<const uint8_t> data) {
  const int32_t handle = open(path, OpenMode::WriteBinary);
  if (handle < 0) {
    WICK_LOG(Error, "semihosting: cannot open '%s' for writing", path);
    return Error::AccessFailed;
  }
  const size_t missing = write(handle, data.data(), data.size());
  const bool closed = close(handle) == 0;
  if (missing != 0 || !closed) {
    WICK_LOG(Error, "semihosting: short write of '%s': %u of %u bytes", path,
             static_cast<unsigned>(data.size() - missing), static_cast<unsigned>(data.size()));
    return Error::AccessFailed;
  }
  return Error::Ok;
}

}  // namespace semihosting
}  // namespace wick
