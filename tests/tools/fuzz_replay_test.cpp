// Replays every file under tests/fuzz/<harness>/ through that libFuzzer
// harness (tools/fuzz/fuzz_<harness>.cpp, built here without libFuzzer).
// The files are inputs that once crashed a harness and hostile inputs written
// on purpose; under the sanitizer build (build/asan) a regression is an ASan
// or UBSan report, in the release build a crash.
#include <gtest/gtest.h>
#include <stdint.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int wick_fuzz_program_one_input(const uint8_t* data, size_t size);
extern "C" int wick_fuzz_bundled_one_input(const uint8_t* data, size_t size);
extern "C" int wick_fuzz_ptd_one_input(const uint8_t* data, size_t size);
extern "C" int wick_fuzz_npy_one_input(const uint8_t* data, size_t size);
extern "C" int wick_fuzz_tosa_one_input(const uint8_t* data, size_t size);

namespace {

using Harness = int (*)(const uint8_t*, size_t);

std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs each input of tests/fuzz/<name>/; returns how many there were.
size_t replay(const std::string& name, Harness harness) {
  const std::filesystem::path dir = std::filesystem::path(WICK_FUZZ_INPUTS_DIR) / name;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::vector<uint8_t> bytes = read_bytes(file);
    EXPECT_EQ(harness(bytes.data(), bytes.size()), 0);
  }
  return files.size();
}

TEST(FuzzReplay, Program) { EXPECT_GT(replay("program", &wick_fuzz_program_one_input), 0u); }
TEST(FuzzReplay, Bundled) { EXPECT_GT(replay("bundled", &wick_fuzz_bundled_one_input), 0u); }
TEST(FuzzReplay, Ptd) { EXPECT_GT(replay("ptd", &wick_fuzz_ptd_one_input), 0u); }
TEST(FuzzReplay, Npy) { EXPECT_GT(replay("npy", &wick_fuzz_npy_one_input), 0u); }
TEST(FuzzReplay, Tosa) { EXPECT_GT(replay("tosa", &wick_fuzz_tosa_one_input), 0u); }

}  // namespace
