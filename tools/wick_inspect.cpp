// wick-inspect: what a .pte holds and whether this build can run it.
//
//   wick-inspect model.pte
#include <stdio.h>
#include <string.h>

#include <string>

#include "runtime/schema.h"
#include "tools/host_registry.h"
#include "tools/host_session.h"
#include "tools/log_capture.h"

namespace {

std::string shape_text(const wick::TensorInfo& info) {
  std::string s = std::string(wick::scalar_type_name(info.dtype)) + "[";
  for (size_t i = 0; i < info.sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(info.sizes[i]);
  s += "]";
  bool contiguous = true;
  for (size_t i = 0; i < info.dim_order.size(); ++i) contiguous = contiguous && info.dim_order[i] == i;
  if (!contiguous) {
    s += " dim_order (";
    for (size_t i = 0; i < info.dim_order.size(); ++i) {
      s += (i ? "," : "") + std::to_string(info.dim_order[i]);
    }
    s += ")";
  }
  if (info.dynamism == wick::ShapeDynamism::DynamicBound) s += " dynamic (upper bound)";
  s += info.memory_planned ? " planned" : " caller memory";
  return s;
}

std::string value_text(const wick::MethodMeta& meta, size_t i, bool input) {
  wick::Result<wick::Tag> tag = input ? meta.input_tag(i) : meta.output_tag(i);
  if (!tag.ok()) return "invalid";
  if (*tag != wick::Tag::Tensor) return wick::tag_name(*tag);
  wick::Result<wick::TensorInfo> info = input ? meta.input_tensor_info(i) : meta.output_tensor_info(i);
  return info.ok() ? shape_text(*info) : "invalid tensor";
}

bool kernel_known(const char* name) {
  for (const wick::OpTable& table : wick::tools::host_registry().op_tables) {
    for (const wick::OpEntry& entry : table) {
      if (strcmp(entry.name, name) == 0) return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    fprintf(stderr, "usage: wick inspect FILE.pte|FILE.bpte\n");
    return 2;
  }
  std::string error;
  wick::tools::SessionOptions options;
  std::unique_ptr<wick::tools::Session> session = wick::tools::Session::open(argv[1], options, &error);
  if (!session) {
    fprintf(stderr, "wick inspect: %s\n", error.c_str());
    return 1;
  }
  const wick::Program& program = session->program();
  const auto* schema = program.schema();
  printf("%s\n", argv[1]);
  if (session->bundled() != nullptr) {
    const wick::BundledProgram& b = *session->bundled();
    for (size_t s = 0; s < b.num_suites(); ++s) {
      printf("  bundled tests: method %s, %zu cases\n", *b.suite_method(s), b.num_test_cases(s));
    }
  }
  printf("  segments: %u, constant bytes: %zu, named data: %u\n",
         schema->segments() ? schema->segments()->size() : 0, program.constant_bytes(),
         schema->named_data() ? schema->named_data()->size() : 0);
  int missing = 0;
  for (size_t m = 0; m < program.num_methods(); ++m) {
    const char* name = *program.method_name(m);
    const wick::MethodMeta meta = *program.method_meta(name);
    printf("\nmethod %s\n", name);
    for (size_t i = 0; i < meta.num_inputs(); ++i) printf("  input %zu: %s\n", i, value_text(meta, i, true).c_str());
    for (size_t i = 0; i < meta.num_outputs(); ++i) printf("  output %zu: %s\n", i, value_text(meta, i, false).c_str());
    size_t planned = 0;
    for (size_t i = 0; i < meta.num_planned_buffers(); ++i) {
      wick::Result<size_t> size = meta.planned_buffer_size(i);
      printf("  planned buffer %zu: %zu bytes\n", i, size.ok() ? *size : 0);
      planned += size.ok() ? *size : 0;
    }
    wick::Result<size_t> arena = meta.method_arena_bytes();
    printf("  memory: planned %zu bytes, method arena %zu bytes\n", planned, arena.ok() ? *arena : 0);
    printf("  instructions: %zu\n", meta.num_instructions());
    printf("  operators (%zu):\n", meta.num_operators());
    for (size_t i = 0; i < meta.num_operators(); ++i) {
      char op[128];
      if (meta.operator_name(i, op, sizeof(op)) != wick::Error::Ok) continue;
      const bool known = kernel_known(op);
      missing += known ? 0 : 1;
      printf("    %-56s %s\n", op, known ? "ok" : "MISSING in this build");
    }
    const auto* plans = schema->execution_plan();
    const auto* delegates = plans->Get(static_cast<flatbuffers::uoffset_t>(m))->delegates();
    for (flatbuffers::uoffset_t i = 0; delegates != nullptr && i < delegates->size(); ++i) {
      const auto* d = delegates->Get(i);
      const char* id = d->id() ? d->id()->c_str() : "?";
      size_t bytes = 0;
      const char* where = "?";
      if (d->processed() != nullptr) {
        if (d->processed()->location() == wick::schema::DataLocation::INLINE) {
          where = "inline";
          const auto* data = schema->backend_delegate_data();
          if (data && d->processed()->index() < data->size() && data->Get(d->processed()->index())->data()) {
            bytes = data->Get(d->processed()->index())->data()->size();
          }
        } else {
          where = "segment";
          wick::tools::LogCapture quiet;
          wick::Result<wick::Span<const uint8_t>> seg = program.segment(d->processed()->index());
          bytes = seg.ok() ? seg->size() : 0;
        }
      }
      bool registered = false;
      for (const wick::Backend& b : wick::tools::host_registry().backends) registered |= strcmp(b.id, id) == 0;
      missing += registered ? 0 : 1;
      printf("  delegate %u: %s, %zu bytes %s, %s\n", i, id, bytes, where,
             registered ? "backend available" : "backend NOT in this build");
    }
  }
  if (missing > 0) printf("\nthis build cannot run every method: %d operator(s)/backend(s) missing\n", missing);
  return 0;
}
