// On-target bit-exactness suite: every Helium kernel against its reference
// kernel on seeded random cases. Prints one line per suite and a summary;
// exits 0 only when every output byte matched. Run under QEMU mps3-an547.
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "tools/firmware/kernel_tests/test_support.h"

namespace {

using wick::kernel_tests::Tally;

constexpr uint32_t kSeed = 20261122u;

}  // namespace

int main() {
  namespace kt = wick::kernel_tests;
  const Tally tallies[] = {
      kt::run_conv2d_suite(kSeed + 1, 300),          kt::run_depthwise_suite(kSeed + 2, 400),
      kt::run_fully_connected_suite(kSeed + 3, 200), kt::run_pool_suite(kSeed + 4, 300),
      kt::run_elementwise_suite(kSeed + 5, 300),     kt::run_pad_suite(kSeed + 6, 200),
      kt::run_softmax_suite(kSeed + 7, 200),         kt::run_binding_suite(kSeed + 8),
  };
  uint32_t cases = 0;
  uint32_t failed = 0;
  for (const Tally& t : tallies) {
    wick::platform::printf("%-24s %4lu cases, %4lu failed, %8lu bytes compared\n", t.suite,
                           static_cast<unsigned long>(t.cases),
                           static_cast<unsigned long>(t.failed),
                           static_cast<unsigned long>(t.bytes));
    cases += t.cases;
    failed += t.failed;
  }
  wick::platform::printf("mve kernel tests: %lu cases, %lu failed: %s\n",
                         static_cast<unsigned long>(cases), static_cast<unsigned long>(failed),
                         failed == 0 ? "OK" : "FAILED");
  return failed == 0 ? 0 : 1;
}
