// Program loading over the public corpus: every program loads, the negative
// sample and damaged files are rejected with an error, never a crash.
#include <gtest/gtest.h>
#include <string.h>

#include "tests/runtime/test_support.h"
#include "wick/program.h"

namespace wick {
namespace {

using testing::corpus_path;
using testing::read;

#define REQUIRE_CORPUS()                                                   \
  if (!testing::corpus_available()) {                                      \
    GTEST_SKIP() << "pte corpus not found at " WICK_CORPUS_DIR;            \
  }

TEST(Program, EveryCorpusProgramLoadsAndDescribesItsMethods) {
  REQUIRE_CORPUS();
  const auto names = testing::corpus_programs();
  ASSERT_GE(names.size(), 23u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    host::AlignedBuffer file = read(corpus_path(name));
    Result<Program> program = Program::load(file.span());
    ASSERT_TRUE(program.ok()) << error_name(program.error());
    ASSERT_GE(program->num_methods(), 1u);
    for (size_t m = 0; m < program->num_methods(); ++m) {
      Result<const char*> method_name = program->method_name(m);
      ASSERT_TRUE(method_name.ok());
      Result<MethodMeta> meta = program->method_meta(*method_name);
      ASSERT_TRUE(meta.ok());
      for (size_t i = 0; i < meta->num_planned_buffers(); ++i) {
        EXPECT_TRUE(meta->planned_buffer_size(i).ok());
      }
      EXPECT_TRUE(meta->method_arena_bytes().ok());
    }
  }
}

TEST(Program, NegativeSampleIsRejectedAsNotAPte) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = read(corpus_path("negative/corey-cole__djl-executorch-engine__corrupt.pte"));
  ASSERT_GT(file.size(), 0u);
  testing::LogCapture log;
  Result<Program> program = Program::load(file.span());
  EXPECT_EQ(program.error(), Error::InvalidProgram);
  EXPECT_NE(log.text().find("not a .pte"), std::string::npos) << log.text();
}

TEST(Program, TruncatedFilesAreRejected) {
  REQUIRE_CORPUS();
  for (const std::string& name : testing::corpus_programs()) {
    SCOPED_TRACE(name);
    host::AlignedBuffer file = read(corpus_path(name));
    // Every prefix up to 4 KB, then a sample of longer prefixes.
    for (size_t length = 0; length < file.size(); length += (length < 4096 ? 1 : 997)) {
      host::AlignedBuffer prefix(length);
      memcpy(prefix.data(), file.data(), length);
      testing::LogCapture quiet;
      Result<Program> program = Program::load(prefix.span());
      if (!program.ok()) continue;
      // A prefix can still be a valid flatbuffer when the tail was only
      // segment data; then segment access must fail cleanly.
      for (size_t m = 0; m < program->num_methods(); ++m) {
        Result<MethodMeta> meta = program->method_meta(*program->method_name(m));
        ASSERT_TRUE(meta.ok());
      }
    }
  }
}

TEST(Program, RejectsMisalignedBuffer) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = read(corpus_path("barakugav__executorch-rs__add.pte"));
  host::AlignedBuffer shifted(file.size() + 1);
  memcpy(shifted.data() + 1, file.data(), file.size());
  testing::LogCapture log;
  EXPECT_EQ(Program::load(Span<const uint8_t>(shifted.data() + 1, file.size())).error(),
            Error::InvalidArgument);
  EXPECT_NE(log.text().find("aligned"), std::string::npos);
}

TEST(Program, RecognisesOtherExecuTorchFiles) {
  REQUIRE_CORPUS();
  testing::LogCapture log;
  host::AlignedBuffer bundled = read(corpus_path("pytorch__executorch__bundled_program.bpte"));
  EXPECT_EQ(Program::load(bundled.span()).error(), Error::InvalidProgram);
  EXPECT_NE(log.text().find("bundled program"), std::string::npos);
  host::AlignedBuffer ptd = read(corpus_path("pytorch__executorch__module_linear.ptd"));
  EXPECT_EQ(Program::load(ptd.span()).error(), Error::InvalidProgram);
  EXPECT_NE(log.text().find(".ptd"), std::string::npos);
}

TEST(Program, ExtendedHeaderVariantsExposeSegments) {
  REQUIRE_CORPUS();
  // eh00 length 24 (old) and 32 (current) both locate the constant segment.
  for (const char* name : {"dinusha94__executorch__model.pte",
                           "pytorch__executorch__arduino_KeywordSpotting_model.pte"}) {
    SCOPED_TRACE(name);
    host::AlignedBuffer file = read(corpus_path(name));
    Result<Program> program = Program::load(file.span());
    ASSERT_TRUE(program.ok());
    EXPECT_GT(program->constant_bytes(), 0u);
  }
}

TEST(MethodMeta, DescribesKeywordSpottingInput) {
  REQUIRE_CORPUS();
  host::AlignedBuffer file = read(corpus_path("pytorch__executorch__arduino_KeywordSpotting_model.pte"));
  Result<Program> program = Program::load(file.span());
  ASSERT_TRUE(program.ok());
  Result<MethodMeta> meta = program->method_meta("forward");
  ASSERT_TRUE(meta.ok());
  ASSERT_EQ(meta->num_inputs(), 1u);
  Result<TensorInfo> info = meta->input_tensor_info(0);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->dtype, ScalarType::Float);
  ASSERT_EQ(info->sizes.size(), 4u);
  EXPECT_EQ(info->sizes[2], 49);
  EXPECT_EQ(info->sizes[3], 10);
  EXPECT_EQ(info->dim_order[1], 2);  // [0,2,1,3]
  EXPECT_EQ(*meta->planned_buffer_size(0), 16000u);
  EXPECT_EQ(meta->num_instructions(), 16u);
  EXPECT_FALSE(program->method_meta("backward").ok());
}

}  // namespace
}  // namespace wick
