// wick-run: run one method of a .pte on the host.
//
//   wick-run model.pte [--method forward] [--input x.npy ...] [--inputs zeros|ones|random]
//            [--seed N] [--output-dir DIR] [--ptd data.ptd] [--repeat N] [--profile]
//            [--bundled] [--max-planned-mb N]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tools/host_session.h"
#include "tools/log_capture.h"

namespace {

using wick::tools::LoadedMethod;
using wick::tools::NpyArray;
using wick::tools::Session;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string path;
  std::string method = "forward";
  std::vector<std::string> inputs;
  std::string generate = "random";
  uint32_t seed = 0;
  std::string output_dir;
  int repeat = 1;
  bool profile = false;
  bool bundled = false;
  double rtol = 1e-5;
  double atol = 1e-6;
  wick::tools::SessionOptions session;
};

int usage(const char* why) {
  if (why) fprintf(stderr, "wick run: %s\n", why);
  fprintf(stderr,
          "usage: wick run FILE.pte [--method NAME] [--input X.npy ...]\n"
          "                [--inputs zeros|ones|random] [--seed N] [--output-dir DIR]\n"
          "                [--ptd FILE.ptd] [--repeat N] [--profile] [--max-planned-mb N]\n"
          "       wick run FILE.bpte --bundled [--rtol R] [--atol A]\n");
  return 2;
}

bool parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        fprintf(stderr, "wick run: %s needs a value\n", name);
        exit(2);
      }
      return argv[++i];
    };
    if (a == "--method") o->method = value("--method");
    else if (a == "--input") o->inputs.push_back(value("--input"));
    else if (a == "--inputs") o->generate = value("--inputs");
    else if (a == "--seed") o->seed = static_cast<uint32_t>(atol(value("--seed")));
    else if (a == "--output-dir") o->output_dir = value("--output-dir");
    else if (a == "--ptd") o->session.ptd_path = value("--ptd");
    else if (a == "--repeat") o->repeat = std::max(1, atoi(value("--repeat")));
    else if (a == "--profile") o->profile = true;
    else if (a == "--bundled") o->bundled = true;
    else if (a == "--rtol") o->rtol = atof(value("--rtol"));
    else if (a == "--atol") o->atol = atof(value("--atol"));
    else if (a == "--max-planned-mb") {
      const char* text = value("--max-planned-mb");
      char* end = nullptr;
      const double mb = strtod(text, &end);
      // Up to 1 TB: enough for any real program, and the byte count fits size_t.
      if (end == text || *end != '\0' || !(mb > 0 && mb <= (1 << 20))) {
        fprintf(stderr,
                "wick run: --max-planned-mb takes megabytes between 0 and 1048576, got '%s'\n",
                text);
        exit(2);
      }
      o->session.max_planned_bytes = static_cast<size_t>(mb * (1 << 20));
    }
    else if (a == "-h" || a == "--help") return false;
    else if (!a.empty() && a[0] == '-') {
      fprintf(stderr, "wick run: unknown option %s\n", a.c_str());
      return false;
    } else if (o->path.empty()) o->path = a;
    else {
      fprintf(stderr, "wick run: unexpected argument %s\n", a.c_str());
      return false;
    }
  }
  if (o->generate != "zeros" && o->generate != "ones" && o->generate != "random") {
    fprintf(stderr, "wick run: --inputs takes zeros, ones or random\n");
    return false;
  }
  return !o->path.empty();
}

// Per-instruction wall time, summed per operator over all repeats.
class Profiler final : public wick::ExecutionObserver {
 public:
  explicit Profiler(const wick::Method& method) : method_(method) {}
  void on_instruction_start(size_t) override { start_ = Clock::now(); }
  void on_instruction_end(size_t index) override {
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start_).count();
    Row& row = rows_[method_.instruction_name(index)];
    row.us += us;
    row.calls += 1;
  }
  void print(int repeats) const {
    std::vector<std::pair<std::string, Row>> rows(rows_.begin(), rows_.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.us > b.second.us; });
    double total = 0;
    for (const auto& r : rows) total += r.second.us;
    printf("\n%-48s %8s %12s %7s\n", "operator", "calls", "us/run", "share");
    for (const auto& r : rows) {
      printf("%-48s %8d %12.1f %6.1f%%\n", r.first.c_str(), r.second.calls / repeats,
             r.second.us / repeats, total > 0 ? 100.0 * r.second.us / total : 0.0);
    }
    printf("%-48s %8s %12.1f\n", "total", "", total / repeats);
  }

 private:
  struct Row {
    double us = 0;
    int calls = 0;
  };
  const wick::Method& method_;
  Clock::time_point start_;
  std::map<std::string, Row> rows_;
};

std::string shape_text(const NpyArray& a) {
  std::string s = "[";
  for (size_t i = 0; i < a.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(a.shape[i]);
  return s + "]";
}

double element(const NpyArray& a, size_t i) {
  const uint8_t* p = a.data.data() + i * wick::element_size(a.dtype);
  switch (a.dtype) {
    case wick::ScalarType::Float: { float v; memcpy(&v, p, 4); return v; }
    case wick::ScalarType::Double: { double v; memcpy(&v, p, 8); return v; }
    case wick::ScalarType::Char: return static_cast<int8_t>(*p);
    case wick::ScalarType::Byte: case wick::ScalarType::Bool: return *p;
    case wick::ScalarType::Short: { int16_t v; memcpy(&v, p, 2); return v; }
    case wick::ScalarType::Int: { int32_t v; memcpy(&v, p, 4); return v; }
    case wick::ScalarType::Long: { int64_t v; memcpy(&v, p, 8); return static_cast<double>(v); }
    default: return 0;
  }
}

void print_output(size_t index, const NpyArray& a) {
  printf("output %zu: %s %s", index, wick::scalar_type_name(a.dtype), shape_text(a).c_str());
  const size_t n = a.numel();
  printf(" = [");
  for (size_t i = 0; i < std::min<size_t>(n, 8); ++i) printf(i ? ", %.6g" : "%.6g", element(a, i));
  printf(n > 8 ? ", ...]" : "]");
  if (n > 1) {
    size_t best = 0;
    for (size_t i = 1; i < n; ++i) best = element(a, i) > element(a, best) ? i : best;
    printf("  argmax %zu", best);
  }
  printf("\n");
}

int run_bundled(const Options& o, const Session& session) {
  const wick::BundledProgram* bundled = session.bundled();
  if (bundled == nullptr) {
    fprintf(stderr, "wick run: --bundled needs a .bpte file; %s is a plain program\n", o.path.c_str());
    return 1;
  }
  int failures = 0;
  int total = 0;
  for (size_t s = 0; s < bundled->num_suites(); ++s) {
    const char* method_name = *bundled->suite_method(s);
    std::string error;
    std::unique_ptr<LoadedMethod> loaded = session.load_method(method_name, &error);
    if (!loaded) {
      fprintf(stderr, "wick run: %s\n", error.c_str());
      return 1;
    }
    for (size_t c = 0; c < bundled->num_test_cases(s); ++c) {
      ++total;
      wick::tools::LogCapture log;
      wick::Error e = bundled->set_inputs(loaded->method(), s, c);
      if (e == wick::Error::Ok) e = loaded->method().execute();
      if (e == wick::Error::Ok) e = bundled->verify_outputs(loaded->method(), s, c, o.rtol, o.atol);
      const bool pass = e == wick::Error::Ok;
      failures += pass ? 0 : 1;
      printf("%s %s case %zu%s%s\n", pass ? "PASS" : "FAIL", method_name, c,
             pass ? "" : ": ", pass ? "" : log.message("", e).c_str() + 2);
    }
  }
  printf("%d passed, %d failed\n", total - failures, failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) return usage(nullptr);
  std::string error;
  std::unique_ptr<Session> session = Session::open(o.path, o.session, &error);
  if (!session) {
    fprintf(stderr, "wick run: %s\n", error.c_str());
    return 1;
  }
  if (o.bundled) return run_bundled(o, *session);

  const auto load_start = Clock::now();
  std::unique_ptr<LoadedMethod> loaded = session->load_method(o.method, &error);
  if (!loaded) {
    fprintf(stderr, "wick run: %s\n", error.c_str());
    return 1;
  }
  const double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  const wick::MethodMeta& meta = loaded->meta();
  if (!o.inputs.empty()) {
    if (o.inputs.size() != meta.num_inputs()) {
      fprintf(stderr, "wick run: method '%s' takes %zu inputs, %zu were given\n", o.method.c_str(),
              meta.num_inputs(), o.inputs.size());
      return 1;
    }
    for (size_t i = 0; i < o.inputs.size(); ++i) {
      NpyArray array;
      if (!wick::tools::read_npy(o.inputs[i], &array, &error)) {
        fprintf(stderr, "wick run: %s\n", error.c_str());
        return 1;
      }
      if (!loaded->set_input(i, array, &error)) {
        fprintf(stderr, "wick run: %s (from %s)\n", error.c_str(), o.inputs[i].c_str());
        return 1;
      }
    }
  } else if (!loaded->set_generated_inputs(o.generate, o.seed, &error)) {
    fprintf(stderr, "wick run: %s\n", error.c_str());
    return 1;
  }

  Profiler profiler(loaded->method());
  std::vector<double> times;
  for (int r = 0; r < o.repeat; ++r) {
    const auto start = Clock::now();
    if (!loaded->execute(&error, o.profile ? &profiler : nullptr)) {
      fprintf(stderr, "wick run: %s\n", error.c_str());
      return 1;
    }
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }

  printf("method %s: %zu instructions, planned memory %zu bytes, method arena %zu bytes\n",
         o.method.c_str(), loaded->method().num_instructions(), loaded->method().planned_bytes(),
         loaded->method_arena_used());
  for (size_t i = 0; i < meta.num_outputs(); ++i) {
    const wick::EValue& value = loaded->method().output(i);
    if (value.is_string()) {
      printf("output %zu: string '%.*s'\n", i, static_cast<int>(value.payload.as_string.size),
             value.payload.as_string.data);
      continue;
    }
    NpyArray array;
    if (!loaded->output(i, &array, &error)) {
      printf("output %zu: %s\n", i, error.c_str());
      continue;
    }
    print_output(i, array);
    if (!o.output_dir.empty()) {
      const std::string path = o.output_dir + "/output_" + std::to_string(i) + ".npy";
      if (!wick::tools::write_npy(path, array.dtype, array.shape, array.data.data(),
                                  array.data.size(), &error)) {
        fprintf(stderr, "wick run: %s\n", error.c_str());
        return 1;
      }
    }
  }
  std::sort(times.begin(), times.end());
  printf("load %.3f ms; run median %.3f ms (min %.3f, max %.3f, %d runs)\n", load_ms,
         times[times.size() / 2], times.front(), times.back(), o.repeat);
  if (o.profile) profiler.print(o.repeat);
  return 0;
}
