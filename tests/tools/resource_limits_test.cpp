// Resource limits: a caller that provides too little memory gets an error
// naming the size needed; the host session refuses planned memory above its
// limit before allocating it; nothing the runtime allocates is sized from the
// file without a bound.
#include <gtest/gtest.h>
#include <stdint.h>

#include <filesystem>
#include <string>
#include <vector>

#include "platform/host/file.h"
#include "tools/host_registry.h"
#include "tools/host_session.h"
#include "tools/log_capture.h"
#include "wick/program.h"

namespace wick {
namespace {

const std::string kInputs = WICK_FUZZ_INPUTS_DIR;

host::AlignedBuffer read(const std::string& path) {
  Result<host::AlignedBuffer> file = host::read_file(path);
  EXPECT_TRUE(file.ok()) << path;
  return file.ok() ? std::move(file).value() : host::AlignedBuffer(0);
}

// Memory for one method, each part sized by the test.
struct Memory {
  Memory(size_t arena_bytes, std::vector<size_t> planned_sizes)
      : arena_bytes(arena_bytes), temp_bytes(1024) {
    for (size_t size : planned_sizes) planned.emplace_back(size);
    for (auto& buffer : planned) spans.emplace_back(buffer.data(), buffer.size());
    arena = Arena(this->arena_bytes.data(), this->arena_bytes.size());
    temp = Arena(temp_bytes.data(), temp_bytes.size());
    manager.method_arena = &arena;
    manager.temp_arena = &temp;
    manager.planned_buffers = Span<const Span<uint8_t>>(spans.data(), spans.size());
  }
  std::vector<uint8_t> arena_bytes;
  std::vector<uint8_t> temp_bytes;
  std::vector<std::vector<uint8_t>> planned;
  std::vector<Span<uint8_t>> spans;
  Arena arena;
  Arena temp;
  MemoryManager manager;
};

TEST(ResourceLimits, TooSmallPlannedBufferNamesTheSizeNeeded) {
  host::AlignedBuffer file = read(kInputs + "/program/valid_mul.pte");
  Result<Program> program = Program::load(file.span());
  ASSERT_TRUE(program.ok());
  Memory memory(4096, {40});
  tools::LogCapture log;
  Result<Method> method = program->load_method("forward", memory.manager, tools::host_registry());
  EXPECT_EQ(method.error(), Error::MemoryAllocationFailed);
  EXPECT_NE(
      log.text().find("planned buffer 0 is too small: method 'forward' needs 96 bytes, got 40"),
      std::string::npos)
      << log.text();
}

TEST(ResourceLimits, MissingPlannedBufferIsNamed) {
  host::AlignedBuffer file = read(kInputs + "/program/valid_mul.pte");
  Result<Program> program = Program::load(file.span());
  ASSERT_TRUE(program.ok());
  Memory memory(4096, {});
  tools::LogCapture log;
  EXPECT_EQ(program->load_method("forward", memory.manager, tools::host_registry()).error(),
            Error::MemoryAllocationFailed);
  EXPECT_NE(log.text().find("needs 1 planned buffers, 0 were provided"), std::string::npos)
      << log.text();
}

TEST(ResourceLimits, TooSmallMethodArenaNamesTheSizeNeeded) {
  host::AlignedBuffer file = read(kInputs + "/program/valid_mul.pte");
  Result<Program> program = Program::load(file.span());
  ASSERT_TRUE(program.ok());
  const size_t needed = *program->method_meta("forward")->method_arena_bytes();
  Memory memory(needed - 16, {96});
  tools::LogCapture log;
  EXPECT_EQ(program->load_method("forward", memory.manager, tools::host_registry()).error(),
            Error::MemoryAllocationFailed);
  EXPECT_NE(log.text().find("method arena too small: method 'forward' needs " +
                            std::to_string(needed) + " bytes"),
            std::string::npos)
      << log.text();
  Memory exact(needed, {96});
  EXPECT_TRUE(program->load_method("forward", exact.manager, tools::host_registry()).ok());
}

TEST(ResourceLimits, HostSessionRefusesPlannedMemoryAboveItsLimit) {
  std::string error;
  tools::SessionOptions options;  // the default limit: 512 MB
  EXPECT_EQ(options.max_planned_bytes, size_t{512} << 20);
  auto huge =
      tools::Session::open(kInputs + "/program/hostile_planned_buffer_1tb.pte", options, &error);
  ASSERT_TRUE(huge != nullptr) << error;
  EXPECT_EQ(huge->load_method("forward", &error), nullptr);
  EXPECT_NE(error.find("plans 1099511627776 bytes (1048576.0 MB) of activations, above the limit "
                       "of 536870912 bytes (512.0 MB)"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("--max-planned-mb"), std::string::npos) << error;

  // Two buffers, each under the limit, over it together.
  auto split = tools::Session::open(kInputs + "/program/hostile_planned_600mb_in_two_buffers.pte",
                                    options, &error);
  ASSERT_TRUE(split != nullptr) << error;
  EXPECT_EQ(split->load_method("forward", &error), nullptr);
  EXPECT_NE(error.find("plans 629145600 bytes (600.0 MB)"), std::string::npos) << error;

  // A smaller limit applies to ordinary programs too.
  options.max_planned_bytes = 64;
  auto small = tools::Session::open(kInputs + "/program/valid_mul.pte", options, &error);
  ASSERT_TRUE(small != nullptr) << error;
  EXPECT_EQ(small->load_method("forward", &error), nullptr);
  EXPECT_NE(error.find("plans 96 bytes of activations, above the limit of 64 bytes"),
            std::string::npos)
      << error;
  options.max_planned_bytes = 96;
  auto enough = tools::Session::open(kInputs + "/program/valid_mul.pte", options, &error);
  ASSERT_TRUE(enough != nullptr) << error;
  EXPECT_NE(enough->load_method("forward", &error), nullptr) << error;
}

// The method arena is the one allocation sized from the file's contents: it
// grows with the number of values, tensors, dims, list items and instructions,
// each of which occupies bytes of the file, so it is bounded by a fixed
// multiple of the file size. Checked over every program here and in the corpus.
TEST(ResourceLimits, MethodArenaIsBoundedByTheFileSize) {
  std::vector<std::string> paths;
  for (const std::string& dir : {kInputs + "/program", std::string(WICK_CORPUS_DIR)}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".pte") paths.push_back(entry.path().string());
    }
  }
  ASSERT_FALSE(paths.empty());
  size_t checked = 0;
  for (const std::string& path : paths) {
    host::AlignedBuffer file = read(path);
    tools::LogCapture quiet;
    Result<Program> program = Program::load(file.span());
    if (!program.ok()) continue;
    for (size_t m = 0; m < program->num_methods(); ++m) {
      Result<MethodMeta> meta = program->method_meta(*program->method_name(m));
      if (!meta.ok()) continue;
      Result<size_t> arena = meta->method_arena_bytes();
      if (!arena.ok()) continue;
      EXPECT_LE(*arena, 16 * file.size() + 1024) << path;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace wick
