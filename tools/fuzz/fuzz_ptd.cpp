// libFuzzer: .ptd parsing and every lookup it offers.
#include <stdint.h>
#include <string.h>

#include "platform/host/file.h"
#include "tools/log_capture.h"
#include "wick/flat_tensor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Messages are still formatted (their arguments are fuzzed too), not printed.
  wick::tools::LogCapture quiet;
  wick::host::AlignedBuffer buffer(size);
  if (size > 0) memcpy(buffer.data(), data, size);
  wick::Result<wick::FlatTensorDataMap> map = wick::FlatTensorDataMap::load(buffer.span());
  if (!map.ok()) return 0;
  for (size_t i = 0; i < map->num_keys() && i < 64; ++i) {
    wick::Result<const char*> key = map->key(i);
    if (!key.ok()) continue;
    const size_t n = strlen(*key);
    wick::Result<wick::Span<const uint8_t>> blob = map->get(*key, n);
    if (blob.ok() && blob->size() > 0) {
      volatile uint8_t sink = blob->data()[blob->size() - 1];
      (void)sink;
    }
    (void)map->layout(*key, n);
  }
  return 0;
}
