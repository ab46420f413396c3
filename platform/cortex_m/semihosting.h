// Raw Arm semihosting (bkpt 0xAB): console and file I/O through the debugger
// or QEMU's -semihosting, with no newlib stdio and therefore no heap.
// Relative paths resolve against the host's (QEMU's) working directory.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/result.h"
#include "wick/span.h"

namespace wick {
namespace semihosting {

enum class OpenMode : uint32_t { ReadBinary = 1, WriteBinary = 5 };  // "rb", "wb"

// Each returns what the host returned; see the Arm semihosting specification.
int32_t open(const char* path, OpenMode mode);  // handle, or -1
int32_t close(int32_t handle);                  // 0, or -1
int32_t file_length(int32_t handle);            // bytes, or -1
// Both return the number of bytes NOT transferred (0 = all of them).
size_t read(int32_t handle, void* buffer, size_t size);
size_t write(int32_t handle, const void* buffer, size_t size);
void write0(const char* text);  // NUL-terminated, to the host console
[[noreturn]] void exit(int status);

// Whole-file helpers; failures are logged with the path and the reason.
// Reads the file at `path` into `dest`; fails (OutOfResources) if it is
// larger than dest. Returns the file's size.
Result<size_t> read_file(const char* path, Span<uint8_t> dest);
// Creates or truncates `path` and writes `data` to it.
Error write_file(const char* path, Span<const uint8_t> data);

}  // namespace semihosting
}  // namespace wick
