// First light for a Cortex-M board: every platform service once, each
// checked, so that a broken platform fails here with a message. Exit 0 when
// everything held. Run under QEMU with a writable working directory (it
// writes and reads back hello_roundtrip.bin there).
#include <stdint.h>
#include <string.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "platform/cortex_m/semihosting.h"
#include "tools/firmware/spin.h"
#include "wick/log.h"

namespace {

using wick::platform::printf;

int g_failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    printf("FAIL %s\n", what);
    ++g_failures;
  }
}

void file_round_trip() {
  static const char kPath[] = "hello_roundtrip.bin";
  static const uint8_t kPayload[] = "wick semihosting round trip \x01\x02\x00\xff";
  check(
      wick::semihosting::write_file(kPath, wick::Span<const uint8_t>(kPayload)) == wick::Error::Ok,
      "write_file");
  uint8_t back[64] = {};
  wick::Result<size_t> got = wick::semihosting::read_file(kPath, wick::Span<uint8_t>(back));
  check(
      got.ok() && got.value() == sizeof(kPayload) && memcmp(back, kPayload, sizeof(kPayload)) == 0,
      "read_file returns what write_file wrote");
  // A buffer too small must be refused, not overrun.
  uint8_t small[4] = {};
  check(!wick::semihosting::read_file(kPath, wick::Span<uint8_t>(small)).ok(),
        "read_file refuses a short buffer");
  printf("file round trip: %u bytes\n", static_cast<unsigned>(sizeof(kPayload)));
}

void count_loop() {
  constexpr uint32_t kIterations = 100000;
  const uint64_t start = wick::platform::instructions();
  wick::firmware::spin(kIterations);
  const uint64_t measured = wick::platform::instructions_since(start);
  printf("spin(%lu): %lu instructions (2 per iteration + call), counter overhead %lu\n",
         static_cast<unsigned long>(kIterations), static_cast<unsigned long>(measured),
         static_cast<unsigned long>(wick::platform::instructions_overhead()));
  // 2 per iteration plus a handful for the call and return.
  check(measured >= 2 * kIterations && measured <= 2 * kIterations + 32, "spin instruction count");
}

alignas(16) uint8_t g_arena_probe[256] WICK_PLACE_ARENA;
alignas(16) uint8_t g_ddr_probe[256] WICK_PLACE_DDR;
alignas(16) const uint8_t g_weights_probe[4] WICK_PLACE_WEIGHTS = {0x57, 0xE1, 0x6B, 0x75};
alignas(16) const uint8_t g_pte_probe[8] WICK_PLACE_PTE = {'P', 'T', 'E', ' ', 'd', 'a', 't', 'a'};

// Each placement section must be usable where the linker script put it:
// writable memories hold what was written, loaded ones hold the image's bytes.
bool writable(volatile uint8_t* memory, size_t size) {
  for (size_t i = 0; i < size; ++i) memory[i] = static_cast<uint8_t>(i * 7 + 1);
  for (size_t i = 0; i < size; ++i) {
    if (memory[i] != static_cast<uint8_t>(i * 7 + 1)) return false;
  }
  return true;
}

void memories() {
  check(writable(g_arena_probe, sizeof(g_arena_probe)), "arena memory");
  check(writable(g_ddr_probe, sizeof(g_ddr_probe)), "DDR memory");
  const volatile uint8_t* weights = g_weights_probe;
  const volatile uint8_t* pte = g_pte_probe;
  check(weights[0] == 0x57 && weights[3] == 0x75, "weights loaded");
  check(pte[0] == 'P' && pte[7] == 'a', "pte data loaded");
  printf("memories: arena %p, ddr %p, weights %p, pte %p\n", static_cast<void*>(g_arena_probe),
         static_cast<void*>(g_ddr_probe), static_cast<const void*>(g_weights_probe),
         static_cast<const void*>(g_pte_probe));
}

__attribute__((noinline)) uint32_t deep(uint32_t depth) {
  volatile uint8_t frame[1024];
  for (uint32_t i = 0; i < sizeof(frame); ++i) frame[i] = static_cast<uint8_t>(i + depth);
  const uint32_t below = depth > 1 ? deep(depth - 1) : 0;
  return below + frame[depth % sizeof(frame)];
}

void stack_mark() {
  const size_t before = wick::platform::stack_high_water();
  const uint32_t sink = deep(8);
  const size_t after = wick::platform::stack_high_water();
  printf("stack high-water: %lu bytes before, %lu after 8 x 1 KB frames, of %lu (sink %lu)\n",
         static_cast<unsigned long>(before), static_cast<unsigned long>(after),
         static_cast<unsigned long>(wick::platform::stack_size()),
         static_cast<unsigned long>(sink));
  // The frames may reuse stack measured before, so check the absolute depth.
  check(before < 8 * 1024 && after >= 8 * 1024, "stack high-water grows with the frames");
  check(after < wick::platform::stack_size(), "stack high-water below the stack size");
}

}  // namespace

int main() {
  wick::platform::print("hello from wick on Cortex-M\n");
  // Through wick::platform_log (vsnprintf into a stack buffer: a heap use
  // would end the program with status 101).
  WICK_LOG(Info, "platform_log: %d %s 0x%08x %5u|%-4d| %lld %llu", -42, "text", 0xBEEFu, 7u, 3,
           -5000000000LL, 18446744073709551615ULL);
  file_round_trip();
  memories();
  count_loop();
  stack_mark();
  printf("hello: %s\n", g_failures == 0 ? "OK" : "FAILED");
  return g_failures == 0 ? 0 : 1;
}
