#include "tests/runtime/test_support.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include <algorithm>

#include "platform/host/log.h"

namespace wick {
namespace testing {

std::string corpus_path(const std::string& name) { return std::string(WICK_CORPUS_DIR) + "/" + name; }

bool corpus_available() {
  struct stat st;
  return stat(WICK_CORPUS_DIR, &st) == 0;
}

std::vector<std::string> corpus_programs() {
  std::vector<std::string> names;
  DIR* dir = opendir(WICK_CORPUS_DIR);
  if (dir == nullptr) return names;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".pte") == 0) names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

host::AlignedBuffer read(const std::string& path) {
  Result<host::AlignedBuffer> buffer = host::read_file(path);
  if (!buffer.ok()) return host::AlignedBuffer();
  return std::move(buffer).value();
}

LogCapture::LogCapture() {
  host::set_log_sink(
      [](LogLevel, const char* message, void* user) {
        std::string* text = static_cast<std::string*>(user);
        *text += message;
        *text += "\n";
      },
      &text_);
}

LogCapture::~LogCapture() { host::set_log_sink(nullptr, nullptr); }

MethodMemory::MethodMemory(const MethodMeta& meta, size_t arena_size)
    : arena_bytes(arena_size), temp_bytes(1 << 16) {
  for (size_t i = 0; i < meta.num_planned_buffers(); ++i) {
    planned.emplace_back(*meta.planned_buffer_size(i));
  }
  for (auto& p : planned) planned_spans.emplace_back(p.data(), p.size());
  arena = Arena(arena_bytes.data(), arena_bytes.size());
  temp = Arena(temp_bytes.data(), temp_bytes.size());
  manager.method_arena = &arena;
  manager.temp_arena = &temp;
  manager.planned_buffers = Span<const Span<uint8_t>>(planned_spans.data(), planned_spans.size());
}

namespace {

template <typename Op>
void binary_float(KernelContext& ctx, Span<EValue*> args, size_t out_index, Op op) {
  if (args.size() <= out_index || !args[0]->is_tensor() || !args[1]->is_tensor() ||
      !args[out_index]->is_tensor()) {
    ctx.fail(Error::InvalidArgument);
    return;
  }
  const Tensor& a = args[0]->to_tensor();
  const Tensor& b = args[1]->to_tensor();
  Tensor& out = args[out_index]->to_tensor();
  if (a.dtype != ScalarType::Float || b.dtype != ScalarType::Float ||
      out.numel != a.numel || (b.numel != a.numel && b.numel != 1)) {
    ctx.fail(Error::InvalidArgument);
    return;
  }
  for (size_t i = 0; i < out.numel; ++i) {
    out.data_as<float>()[i] =
        op(a.data_as<float>()[i], b.data_as<float>()[b.numel == 1 ? 0 : i]);
  }
}

void test_add(KernelContext& ctx, Span<EValue*> args) {
  binary_float(ctx, args, 3, [](float x, float y) { return x + y; });
}
void test_mul(KernelContext& ctx, Span<EValue*> args) {
  binary_float(ctx, args, 2, [](float x, float y) { return x * y; });
}

constexpr OpEntry kTestOps[] = {
    {"aten::add.out", &test_add, nullptr},
    {"aten::mul.out", &test_mul, nullptr},
};

}  // namespace

const Registry& test_registry() {
  static const OpTable tables[] = {OpTable(kTestOps)};
  static const Registry registry{Span<const OpTable>(tables), Span<const Backend>()};
  return registry;
}

HostTensor::HostTensor(ScalarType dtype, std::vector<int32_t> s)
    : sizes(std::move(s)), dim_order(sizes.size()), strides(sizes.size()) {
  for (size_t i = 0; i < sizes.size(); ++i) dim_order[i] = static_cast<uint8_t>(i);
  compute_strides(sizes.data(), dim_order.data(), static_cast<int>(sizes.size()), strides.data());
  size_t numel = 1;
  for (int32_t v : sizes) numel *= static_cast<size_t>(v);
  bytes.resize(numel * element_size(dtype));
  tensor.data = bytes.data();
  tensor.sizes = sizes.data();
  tensor.dim_order = dim_order.data();
  tensor.strides = strides.data();
  tensor.numel = numel;
  tensor.numel_bound = numel;
  tensor.dtype = dtype;
  tensor.dim = static_cast<uint8_t>(sizes.size());
}

}  // namespace testing
}  // namespace wick
