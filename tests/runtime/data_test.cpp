// External data (.ptd, both FT01 layouts) and bundled programs (BP08).
#include <gtest/gtest.h>
#include <string.h>

#include "tests/runtime/test_support.h"
#include "wick/bundled_program.h"
#include "wick/flat_tensor.h"

namespace wick {
namespace {

using testing::corpus_path;

#define REQUIRE_CORPUS()                                        \
  if (!testing::corpus_available()) {                           \
    GTEST_SKIP() << "pte corpus not found at " WICK_CORPUS_DIR; \
  }

std::vector<float> floats(Span<const uint8_t> bytes, size_t count) {
  std::vector<float> out(count);
  memcpy(out.data(), bytes.data(), count * sizeof(float));
  return out;
}

TEST(FlatTensor, CurrentLayoutNamedData) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file =
      testing::read(corpus_path("barakugav__executorch-rs__data_map__default_external_constant.ptd"));
  Result<FlatTensorDataMap> map = FlatTensorDataMap::load(file.span());
  ASSERT_TRUE(map.ok());
  EXPECT_FALSE(map->legacy_layout());
  EXPECT_EQ(map->num_keys(), 2u);
  Result<Span<const uint8_t>> a = map->get("a", 1);
  ASSERT_TRUE(a.ok());
  ASSERT_GE(a->size(), 16u);
  EXPECT_EQ(floats(*a, 4), std::vector<float>(4, 3.0f));
  Result<TensorLayout> layout = map->layout("b", 1);
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->dtype, ScalarType::Float);
  EXPECT_EQ(layout->dim, 2);
  EXPECT_EQ(floats(*map->get("b", 1), 4), std::vector<float>(4, 2.0f));
  EXPECT_EQ(map->get("c", 1).error(), Error::NotFound);
}

TEST(FlatTensor, LegacyLayoutTensors) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = testing::read(corpus_path("pytorch__executorch__module_linear.ptd"));
  Result<FlatTensorDataMap> map = FlatTensorDataMap::load(file.span());
  ASSERT_TRUE(map.ok());
  EXPECT_TRUE(map->legacy_layout());
  Result<Span<const uint8_t>> bias = map->get("linear.bias", strlen("linear.bias"));
  ASSERT_TRUE(bias.ok());
  EXPECT_GE(bias->size(), 12u);
  Result<TensorLayout> layout = map->layout("linear.weight", strlen("linear.weight"));
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->dim, 2);
  EXPECT_EQ(layout->sizes[0], 3);
}

TEST(FlatTensor, DamagedFilesAreRejected) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = testing::read(corpus_path("pytorch__executorch__module_linear.ptd"));
  for (size_t length = 0; length < file.size(); ++length) {
    host::AlignedBuffer prefix(length);
    memcpy(prefix.data(), file.data(), length);
    testing::LogCapture quiet;
    EXPECT_FALSE(FlatTensorDataMap::load(prefix.span()).ok()) << length;
  }
}

TEST(BundledProgram, ExposesProgramAndTestCases) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = testing::read(corpus_path("pytorch__executorch__bundled_program.bpte"));
  Result<BundledProgram> bundled = BundledProgram::load(file.span());
  ASSERT_TRUE(bundled.ok());
  ASSERT_EQ(bundled->num_suites(), 1u);
  EXPECT_STREQ(*bundled->suite_method(0), "forward");
  EXPECT_EQ(bundled->num_test_cases(0), 10u);
  host::AlignedBuffer embedded =
      testing::read(corpus_path("pytorch__executorch__bundled_program__embedded_program.pte"));
  ASSERT_EQ(bundled->program().size(), embedded.size());
  EXPECT_EQ(memcmp(bundled->program().data(), embedded.data(), embedded.size()), 0);
  EXPECT_TRUE(Program::load(bundled->program()).ok());
}

}  // namespace
}  // namespace wick
