// The cortex_m op table: unique names, and every cortex_m:: operator that
// ExecuTorch's KeywordSpotting program calls is present.
#include "kernels/cortex_m/op_table.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace wick {
namespace cortex_m {
namespace {

std::set<std::string> table_names() {
  std::set<std::string> names;
  for (const OpEntry& e : op_table()) names.insert(e.name);
  return names;
}

TEST(CortexMOpTable, NamesAreUniqueAndNamespaced) {
  const OpTable table = op_table();
  EXPECT_EQ(table_names().size(), table.size());
  for (const OpEntry& e : table) {
    EXPECT_EQ(std::strncmp(e.name, "cortex_m::", 10), 0) << e.name;
    EXPECT_NE(e.fn, nullptr) << e.name;
  }
}

TEST(CortexMOpTable, CoversKeywordSpottingOperators) {
  const std::string path =
      std::string(WICK_CORPUS_DIR) + "/pytorch__executorch__arduino_KeywordSpotting_model.pte";
  std::ifstream file(path, std::ios::binary);
  if (!file) GTEST_SKIP() << "corpus file not found: " << path;
  const std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                                std::istreambuf_iterator<char>());
  // Operator names are flatbuffer strings ("cortex_m::quantized_conv2d"), NUL-terminated;
  // every cortex_m overload in the program is "out".
  const std::string prefix = "cortex_m::";
  const std::set<std::string> names = table_names();
  int found = 0;
  for (size_t i = 0; i + prefix.size() < bytes.size(); ++i) {
    if (std::memcmp(bytes.data() + i, prefix.data(), prefix.size()) != 0) continue;
    std::string op(bytes.data() + i);
    EXPECT_EQ(names.count(op + ".out"), 1u) << op;
    ++found;
  }
  EXPECT_GE(found, 6);  // q, dq, conv, depthwise, pad, avg_pool, linear
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
