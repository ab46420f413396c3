// The Helium op table through its bindings: every entry of
// wick::cortex_m::mve::op_table() names an operator of the reference table,
// and on one call per operator (argument lists as the runtime passes them)
// it writes the same output bytes as the reference binding; a bad argument
// fails the call instead of reaching the math.
#include <string.h>

#include "kernels/cortex_m/mve/op_table.h"
#include "kernels/cortex_m/op_table.h"
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "tools/firmware/kernel_tests/test_support.h"
#include "wick/arena.h"
#include "wick/evalue.h"
#include "wick/kernel.h"
#include "wick/tensor.h"

namespace wick {
namespace kernel_tests {
namespace {

alignas(16) uint8_t g_temp[64 * 1024] WICK_PLACE_ARENA;
alignas(16) uint8_t g_tensor_bytes[8][4096] WICK_PLACE_ARENA;

// A tensor over one of the g_tensor_bytes slots; sizes are logical, NHWC
// activations pass dim_order {0, 2, 3, 1}.
struct TestTensor {
  int32_t sizes[4];
  uint8_t dim_order[4];
  int32_t strides[4];
  Tensor t;

  void init(int slot, ScalarType dtype, int dim, const int32_t* s, bool nhwc) {
    static constexpr uint8_t kNhwc[4] = {0, 2, 3, 1};
    size_t numel = 1;
    for (int d = 0; d < dim; ++d) {
      sizes[d] = s[d];
      dim_order[d] = nhwc ? kNhwc[d] : static_cast<uint8_t>(d);
      numel *= static_cast<size_t>(s[d]);
    }
    compute_strides(sizes, dim_order, dim, strides);
    t = Tensor{};
    t.data = g_tensor_bytes[slot];
    t.sizes = sizes;
    t.dim_order = dim_order;
    t.strides = strides;
    t.numel = numel;
    t.numel_bound = numel;
    t.dtype = dtype;
    t.dim = static_cast<uint8_t>(dim);
  }
};

// One KernelCall's arguments, without the heap.
class ArgList {
 public:
  ArgList& tensor(Tensor* t) { return push(EValue::from_tensor(t)); }
  ArgList& integer(int64_t v) { return push(EValue::from_int(v)); }
  ArgList& boolean(bool v) { return push(EValue::from_bool(v)); }
  ArgList& none() { return push(EValue()); }
  ArgList& int_list(int64_t a, int64_t b) { return list({a, b}, 2); }
  ArgList& int_list4(int64_t a, int64_t b, int64_t c, int64_t d) { return list({a, b, c, d}, 4); }
  ArgList& int_list1(int64_t a) { return list({a}, 1); }
  // The out tensor, then the returned out (the same value).
  ArgList& out(Tensor* t) {
    tensor(t);
    pointers_[count_] = pointers_[count_ - 1];
    ++count_;
    return *this;
  }
  Span<EValue*> span() { return Span<EValue*>(pointers_, count_); }

 private:
  struct Items {
    int64_t v[4];
  };
  ArgList& push(EValue e) {
    values_[count_] = e;
    pointers_[count_] = &values_[count_];
    ++count_;
    return *this;
  }
  ArgList& list(Items items, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      boxes_[lists_][i] = EValue::from_int(items.v[i]);
      boxed_[lists_][i] = &boxes_[lists_][i];
    }
    EValue e;
    e.tag = Tag::ListInt;
    e.payload.as_int_list = IntList{boxed_[lists_], unboxed_[lists_], n};
    ++lists_;
    return push(e);
  }

  EValue values_[20];
  EValue* pointers_[20] = {};
  size_t count_ = 0;
  EValue boxes_[6][4];
  EValue* boxed_[6][4] = {};
  int64_t unboxed_[6][4] = {};
  int lists_ = 0;
};

OpFunction find(OpTable table, const char* name) {
  for (const OpEntry& e : table) {
    if (strcmp(e.name, name) == 0) return e.fn;
  }
  return nullptr;
}

Error run(OpFunction fn, const char* name, ArgList& args) {
  Arena temp(g_temp, sizeof(g_temp));
  KernelContext ctx(&temp, name);
  fn(ctx, args.span());
  return ctx.failure();
}

// Slots: 0-3 inputs, 4 reference out, 5 mve out, 6 per-channel multipliers,
// 7 per-channel shifts (+ bias at offset 2048).
struct Fixture {
  TestTensor in[4];
  TestTensor out_ref;
  TestTensor out_mve;
  TestTensor multipliers;
  TestTensor shifts;
  TestTensor bias;
};

void fill_quant(Rng& rng, Fixture& f, int32_t channels) {
  const int32_t sizes[1] = {channels};
  f.multipliers.init(6, ScalarType::Int, 1, sizes, false);
  f.shifts.init(7, ScalarType::Int, 1, sizes, false);
  f.bias.init(7, ScalarType::Int, 1, sizes, false);
  f.bias.t.data = g_tensor_bytes[7] + 2048;
  for (int32_t c = 0; c < channels; ++c) {
    f.multipliers.t.data_as<int32_t>()[c] = rng.range(1 << 30, INT32_MAX);
    f.shifts.t.data_as<int32_t>()[c] = rng.range(-10, -6);
    f.bias.t.data_as<int32_t>()[c] = rng.range(-3000, 3000);
  }
}

// Builds one call's arguments around `out` (a function of the fixture).
using BuildArgs = void (*)(Fixture& f, Tensor* out, ArgList& args);

struct Case {
  const char* name;
  BuildArgs build;
};

void conv2d_args_with_offset(Fixture& f, Tensor* out, ArgList& a, int64_t input_offset) {
  a.tensor(&f.in[0].t).tensor(&f.in[1].t).tensor(&f.bias.t).int_list(1, 1).int_list(1, 1);
  a.int_list(1, 1).integer(input_offset).integer(-128).tensor(&f.multipliers.t);
  a.tensor(&f.shifts.t).integer(-128).integer(127).tensor(&f.in[3].t).out(out);
}

void conv2d_args(Fixture& f, Tensor* out, ArgList& a) { conv2d_args_with_offset(f, out, a, 128); }

void depthwise_args_with_offset(Fixture& f, Tensor* out, ArgList& a, int64_t input_offset) {
  a.tensor(&f.in[0].t).tensor(&f.in[2].t).tensor(&f.bias.t).int_list(2, 1).int_list(1, 0);
  a.int_list(1, 1).integer(2).integer(input_offset).integer(-5).tensor(&f.multipliers.t);
  a.tensor(&f.shifts.t).integer(-100).integer(100).tensor(&f.in[3].t).out(out);
}

void depthwise_args(Fixture& f, Tensor* out, ArgList& a) {
  depthwise_args_with_offset(f, out, a, 3);
}

// The convolutions' input_offset range is [-127, 128] (the padding value
// -input_offset an int8) in both bindings: 129 and -128 must be refused by
// the reference and the Helium entry alike.
using BuildArgsWithOffset = void (*)(Fixture& f, Tensor* out, ArgList& args, int64_t offset);

void check_offset_refused(Tally& tally, const char* name, OpFunction reference_fn,
                          OpFunction mve_fn, Fixture& f) {
  BuildArgsWithOffset build = nullptr;
  if (strcmp(name, "cortex_m::quantized_conv2d.out") == 0) build = conv2d_args_with_offset;
  if (strcmp(name, "cortex_m::quantized_depthwise_conv2d.out") == 0) {
    build = depthwise_args_with_offset;
  }
  if (build == nullptr) return;
  const int64_t refused[2] = {129, -128};
  for (const int64_t offset : refused) {
    ArgList ref_args;
    ArgList mve_args;
    build(f, &f.out_ref.t, ref_args, offset);
    build(f, &f.out_mve.t, mve_args, offset);
    ++tally.cases;
    if (run(reference_fn, name, ref_args) != Error::InvalidArgument ||
        run(mve_fn, name, mve_args) != Error::InvalidArgument) {
      ++tally.failed;
      platform::printf("MISMATCH op table: %s: input_offset %ld not refused by both bindings\n",
                       name, static_cast<long>(offset));
    }
  }
}

void linear_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).tensor(&f.in[1].t).tensor(&f.bias.t).none().integer(128).integer(0);
  a.integer(-7).int_list1(1518500250).int_list1(-8).integer(127).integer(-128).out(out);
}

void max_pool_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).int_list(3, 3).int_list(2, 2).int_list(1, 1).int_list(1, 1);
  a.boolean(true).integer(-3).integer(-3).integer(-90).integer(120).out(out);
}

void avg_pool_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).int_list(2, 3).int_list(2, 2).int_list(1, 1).boolean(false);
  a.integer(0).integer(1 << 30).integer(1).tensor(&f.in[3].t).out(out);
}

void add_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).integer(-3).integer(1395864371).integer(-11).tensor(&f.in[1].t);
  a.integer(9).integer(1145324612).integer(-10).integer(-2).integer(1717986918).integer(-19);
  a.integer(-128).integer(127).out(out);
}

void mul_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).integer(4).tensor(&f.in[1].t).integer(-6).integer(1);
  a.integer(1288490189).integer(-7).out(out);
}

void pad_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).int_list4(0, 1, 0, 2).int_list4(0, 0, 1, 1).integer(-17).out(out);
}

void softmax_args(Fixture& f, Tensor* out, ArgList& a) {
  a.tensor(&f.in[0].t).integer(-1).integer(0).integer(-128).integer(1879048192).integer(22);
  a.integer(-124).out(out);
}

// Input, second input and output shapes per operator.
void shape_fixture(Rng& rng, const char* name, Fixture& f) {
  const bool conv = strstr(name, "quantized_conv2d") != nullptr;
  const bool depthwise = strstr(name, "depthwise") != nullptr;
  const bool linear = strstr(name, "linear") != nullptr;
  const bool pool = strstr(name, "pool") != nullptr;
  const bool binary = strstr(name, "quantized_add") != nullptr || strstr(name, "mul") != nullptr;
  const bool pad = strstr(name, "pad") != nullptr;
  const int32_t scratch[1] = {1};
  f.in[3].init(3, ScalarType::Char, 1, scratch, false);
  if (conv) {
    const int32_t in[4] = {1, 16, 9, 7};
    const int32_t w[4] = {10, 3, 3, 16};
    const int32_t out[4] = {1, 10, 9, 7};
    f.in[0].init(0, ScalarType::Char, 4, in, true);
    f.in[1].init(1, ScalarType::Char, 4, w, false);
    f.out_ref.init(4, ScalarType::Char, 4, out, true);
    f.out_mve.init(5, ScalarType::Char, 4, out, true);
    fill_quant(rng, f, 10);
  } else if (depthwise) {
    const int32_t in[4] = {1, 5, 8, 6};
    const int32_t w[4] = {1, 3, 3, 10};
    const int32_t out[4] = {1, 10, 4, 4};
    f.in[0].init(0, ScalarType::Char, 4, in, true);
    f.in[2].init(2, ScalarType::Char, 4, w, false);
    f.out_ref.init(4, ScalarType::Char, 4, out, true);
    f.out_mve.init(5, ScalarType::Char, 4, out, true);
    fill_quant(rng, f, 10);
  } else if (linear) {
    const int32_t in[2] = {2, 50};
    const int32_t w[2] = {13, 50};
    const int32_t out[2] = {2, 13};
    f.in[0].init(0, ScalarType::Char, 2, in, false);
    f.in[1].init(1, ScalarType::Char, 2, w, false);
    f.out_ref.init(4, ScalarType::Char, 2, out, false);
    f.out_mve.init(5, ScalarType::Char, 2, out, false);
    fill_quant(rng, f, 13);
  } else if (pool) {
    const bool max = strstr(name, "max") != nullptr;
    const int32_t in[4] = {1, 20, 9, 8};
    const int32_t out_max[4] = {1, 20, 5, 5};  // 3x3, stride 2, pad 1, ceil_mode
    const int32_t out_avg[4] = {1, 20, 5, 4};  // 2x3, stride 2, pad 1
    f.in[0].init(0, ScalarType::Char, 4, in, true);
    f.out_ref.init(4, ScalarType::Char, 4, max ? out_max : out_avg, true);
    f.out_mve.init(5, ScalarType::Char, 4, max ? out_max : out_avg, true);
  } else if (binary) {
    const int32_t a[3] = {3, 5, 7};
    const int32_t b[2] = {5, 1};
    f.in[0].init(0, ScalarType::Char, 3, a, false);
    f.in[1].init(1, ScalarType::Char, 2, b, false);
    f.out_ref.init(4, ScalarType::Char, 3, a, false);
    f.out_mve.init(5, ScalarType::Char, 3, a, false);
  } else if (pad) {
    const int32_t in[4] = {1, 2, 3, 4};
    const int32_t out[4] = {1, 3, 4, 7};
    f.in[0].init(0, ScalarType::Char, 4, in, false);
    f.out_ref.init(4, ScalarType::Char, 4, out, false);
    f.out_mve.init(5, ScalarType::Char, 4, out, false);
  } else {
    const int32_t in[2] = {3, 21};
    f.in[0].init(0, ScalarType::Char, 2, in, false);
    f.out_ref.init(4, ScalarType::Char, 2, in, false);
    f.out_mve.init(5, ScalarType::Char, 2, in, false);
  }
  for (int slot = 0; slot < 3; ++slot) {
    rng.fill(reinterpret_cast<int8_t*>(g_tensor_bytes[slot]), sizeof(g_tensor_bytes[slot]));
  }
}

BuildArgs builder_for(const char* name) {
  static const Case kCases[] = {
      {"cortex_m::quantized_add.out", add_args},
      {"cortex_m::quantized_mul.out", mul_args},
      {"cortex_m::quantized_linear.out", linear_args},
      {"cortex_m::quantized_conv2d.out", conv2d_args},
      {"cortex_m::quantized_depthwise_conv2d.out", depthwise_args},
      {"cortex_m::quantized_avg_pool2d.out", avg_pool_args},
      {"cortex_m::quantized_max_pool2d.out", max_pool_args},
      {"cortex_m::softmax.out", softmax_args},
      {"cortex_m::pad.out", pad_args},
  };
  for (const Case& c : kCases) {
    if (strcmp(c.name, name) == 0) return c.build;
  }
  return nullptr;
}

bool fail_case(Tally& tally, const char* what, const char* name) {
  ++tally.cases;
  ++tally.failed;
  platform::printf("MISMATCH op table: %s: %s\n", name, what);
  return false;
}

}  // namespace

Tally run_binding_suite(uint32_t seed) {
  Tally tally{"mve op table bindings"};
  Rng rng(seed);
  const OpTable reference = cortex_m::op_table();
  uint32_t index = 0;
  for (const OpEntry& entry : cortex_m::mve::op_table()) {
    const OpFunction reference_fn = find(reference, entry.name);
    const BuildArgs build = builder_for(entry.name);
    if (reference_fn == nullptr) {
      fail_case(tally, "no reference entry of that name", entry.name);
      continue;
    }
    if (build == nullptr) {
      fail_case(tally, "no test call for this entry", entry.name);
      continue;
    }
    Fixture f{};
    shape_fixture(rng, entry.name, f);
    memset(f.out_ref.t.data, 0x55, f.out_ref.t.numel);
    memset(f.out_mve.t.data, 0x2A, f.out_mve.t.numel);
    ArgList ref_args;
    ArgList mve_args;
    build(f, &f.out_ref.t, ref_args);
    build(f, &f.out_mve.t, mve_args);
    const Error ref_error = run(reference_fn, entry.name, ref_args);
    const Error mve_error = run(entry.fn, entry.name, mve_args);
    if (ref_error != Error::Ok || mve_error != Error::Ok) {
      fail_case(tally, "the call failed", entry.name);
      continue;
    }
    check_equal(tally, index++, f.out_ref.t.data_as<int8_t>(), f.out_mve.t.data_as<int8_t>(),
                f.out_mve.t.numel);
    // Too few arguments: the shared checks must refuse the call.
    ArgList short_args;
    short_args.tensor(&f.in[0].t).out(&f.out_mve.t);
    if (run(entry.fn, entry.name, short_args) != Error::InvalidArgument) {
      fail_case(tally, "accepted a two-argument call", entry.name);
    }
    check_offset_refused(tally, entry.name, reference_fn, entry.fn, f);
  }
  return tally;
}

}  // namespace kernel_tests
}  // namespace wick
