// cortex_m::quantized_linear's load-time step: prepared calls give the
// per-call results, constants are told from activations, and calls whose
// tensors were rebound since load take the checked per-call path.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/cortex_m/ops.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"
#include "tests/kernels/cortex_m/reference.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;

std::vector<int8_t> random_int8(test::Lcg& rng, size_t n) {
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(rng.next() & 0xFF);
  return v;
}

// KeywordSpotting's classifier head: 64 -> 12 with a bias and input offset
// 128 (the form ExecuTorch exports without kernel sums).
struct Head {
  explicit Head(bool per_channel, uint32_t seed) : rng(seed) {
    in.set_vector(random_int8(rng, 64));
    w.set_vector(random_int8(rng, 12 * 64));
    std::vector<int32_t> b(12);
    for (auto& x : b) x = static_cast<int32_t>(rng.next() % 20001) - 10000;
    bias.set_vector(b);
    std::vector<int64_t> multipliers, shifts;
    for (int o = 0; o < (per_channel ? 12 : 1); ++o) {
      multipliers.push_back((1 << 30) + static_cast<int64_t>(rng.next() % (1 << 29)));
      shifts.push_back(-7 - static_cast<int64_t>(rng.next() % 3));
    }
    args.tensor(in).tensor(w).tensor(bias).none().integer(128).integer(0).integer(-5);
    args.int_list(multipliers).int_list(shifts).integer(127).integer(-128).out(out);
  }

  // Runs the binding with `prepared` (null: the per-call path).
  std::vector<int8_t> run(const void* prepared, Error expected = Error::Ok) {
    std::vector<uint8_t> temp(1 << 12);
    Arena arena(temp.data(), temp.size());
    KernelContext ctx(&arena, "cortex_m::quantized_linear.out", prepared);
    quantized_linear_out(ctx, args.span());
    EXPECT_EQ(ctx.failure(), expected);
    return out.values<int8_t>();
  }

  test::Lcg rng;
  OwnedTensor in{ScalarType::Char, {1, 64}};
  OwnedTensor w{ScalarType::Char, {12, 64}};
  OwnedTensor bias{ScalarType::Int, {12}};
  OwnedTensor out{ScalarType::Char, {1, 12}};
  Args args;
};

// A method arena and the planned buffers prepare is told about.
struct Load {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(1 << 14);
  Arena arena{bytes.data(), bytes.size()};
  std::vector<Span<uint8_t>> planned;

  PrepareContext context() {
    return PrepareContext{&arena, Span<const Span<uint8_t>>(planned.data(), planned.size()),
                          "cortex_m::quantized_linear.out", nullptr};
  }
};

Span<uint8_t> bytes_of(OwnedTensor& t) {
  return Span<uint8_t>(t.data<uint8_t>(), t.tensor().nbytes());
}

TEST(QuantizedLinearPrepare, PreparedCallsMatchPerCallResults) {
  for (bool per_channel : {false, true}) {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
      Head head(per_channel, seed);
      const std::vector<int8_t> expected = head.run(nullptr);
      Load load;
      PrepareContext pc = load.context();
      ASSERT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::Ok);
      ASSERT_NE(pc.prepared, nullptr);
      EXPECT_EQ(head.run(pc.prepared), expected) << "seed " << seed;
      // Input data changes between calls; the prepared call reads it anew.
      head.in.set_vector(random_int8(head.rng, 64));
      EXPECT_EQ(head.run(pc.prepared), head.run(nullptr)) << "seed " << seed;
    }
  }
}

TEST(QuantizedLinearPrepare, WeightsInPlannedMemoryAreNotFoldedAway) {
  Head head(false, 7);
  Load load;
  load.planned.push_back(bytes_of(head.w));  // weights computed by the program
  PrepareContext pc = load.context();
  ASSERT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::Ok);
  ASSERT_NE(pc.prepared, nullptr);
  // New weights after load: a prepared call must see them.
  head.w.set_vector(random_int8(head.rng, 12 * 64));
  EXPECT_EQ(head.run(pc.prepared), head.run(nullptr));
}

TEST(QuantizedLinearPrepare, ConstantWeightsAreSummedOnceAtLoad) {
  Head head(true, 9);
  const std::vector<int8_t> expected = head.run(nullptr);
  Load constant;
  PrepareContext pc = constant.context();
  ASSERT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::Ok);
  EXPECT_EQ(head.run(pc.prepared), expected);
  Load planned;
  planned.planned.push_back(bytes_of(head.w));
  PrepareContext pc_planned = planned.context();
  ASSERT_EQ(prepare_quantized_linear(pc_planned, head.args.span()), Error::Ok);
  // Only constant weights get 12 int32 kernel sums in the method arena.
  EXPECT_EQ(constant.arena.used() - planned.arena.used(), 12 * sizeof(int32_t));
}

TEST(QuantizedLinearPrepare, ReboundTensorTakesThePerCallPath) {
  Head head(false, 11);
  Load load;
  PrepareContext pc = load.context();
  ASSERT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::Ok);
  // A Move instruction may put another tensor into the input value.
  OwnedTensor other(ScalarType::Char, {1, 64});
  other.set_vector(random_int8(head.rng, 64));
  *head.args.span()[0] = EValue::from_tensor(&other.tensor());
  const std::vector<int8_t> prepared = head.run(pc.prepared);
  EXPECT_EQ(prepared, head.run(nullptr));
  // So may another bias (the prepared kernel sums hold the old one).
  OwnedTensor other_bias(ScalarType::Int, {12});
  other_bias.set_vector(std::vector<int32_t>(12, 777));
  *head.args.span()[2] = EValue::from_tensor(&other_bias.tensor());
  EXPECT_EQ(head.run(pc.prepared), head.run(nullptr));
  // A wrong shape there is still caught.
  OwnedTensor wrong(ScalarType::Char, {1, 63});
  *head.args.span()[0] = EValue::from_tensor(&wrong.tensor());
  head.run(pc.prepared, Error::InvalidArgument);
}

TEST(QuantizedLinearPrepare, InputsWithoutMemoryAreLeftToTheCall) {
  Head head(false, 13);
  head.in.tensor().data = nullptr;  // a caller-provided input, not set yet
  Load load;
  PrepareContext pc = load.context();
  EXPECT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::Ok);
  EXPECT_EQ(pc.prepared, nullptr);
}

TEST(QuantizedLinearPrepare, BadArgumentsFailTheLoad) {
  Head head(false, 15);
  *head.args.span()[8]->payload.as_int_list.boxed[0] = EValue::from_int(40);  // shift
  Load load;
  PrepareContext pc = load.context();
  EXPECT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::InvalidArgument);
}

TEST(QuantizedLinearPrepare, SmallMethodArenaIsReported) {
  Head head(true, 17);
  std::vector<uint8_t> tiny(64);
  Arena arena(tiny.data(), tiny.size());
  PrepareContext pc{&arena, Span<const Span<uint8_t>>(), "cortex_m::quantized_linear.out", nullptr};
  EXPECT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::MemoryAllocationFailed);
}

TEST(QuantizedLinearPrepare, WideBatchedLayerMatchesNaiveLoop) {
  // 40 features (beyond LinearArgs::small_quant: the requantization lists
  // come from temp memory per call, from the method arena when prepared),
  // two leading dims, a filter offset and no bias.
  constexpr int kIn = 24;
  constexpr int kOut = 40;
  for (bool per_channel : {false, true}) {
    test::Lcg rng(per_channel ? 21 : 23);
    OwnedTensor in(ScalarType::Char, {2, 3, kIn});
    OwnedTensor w(ScalarType::Char, {kOut, kIn});
    OwnedTensor out(ScalarType::Char, {2, 3, kOut});
    const std::vector<int8_t> x = random_int8(rng, 6 * kIn);
    const std::vector<int8_t> weights = random_int8(rng, kOut * kIn);
    in.set_vector(x);
    w.set_vector(weights);
    std::vector<int64_t> multipliers, shifts;
    for (int o = 0; o < (per_channel ? kOut : 1); ++o) {
      multipliers.push_back((1 << 30) + static_cast<int64_t>(rng.next() % (1 << 29)));
      shifts.push_back(-6 - static_cast<int64_t>(rng.next() % 4));
    }
    Args args;
    args.tensor(in).tensor(w).none().none().integer(-3).integer(5).integer(7);
    args.int_list(multipliers).int_list(shifts).integer(100).integer(-90).out(out);
    std::vector<int8_t> expected;
    for (int b = 0; b < 6; ++b) {
      for (int o = 0; o < kOut; ++o) {
        int32_t acc = 0;
        for (int k = 0; k < kIn; ++k) acc += (x[b * kIn + k] - 3) * (weights[o * kIn + k] + 5);
        const size_t q = per_channel ? static_cast<size_t>(o) : 0;
        const int32_t scaled = test::ref_requantize(acc, static_cast<int32_t>(multipliers[q]),
                                                    static_cast<int32_t>(shifts[q]));
        expected.push_back(static_cast<int8_t>(test::ref_clamp(scaled + 7, -90, 100)));
      }
    }
    ASSERT_EQ(test::run_kernel(&quantized_linear_out, args), Error::Ok);
    EXPECT_EQ(out.values<int8_t>(), expected) << "per channel " << per_channel;
    Load load;
    PrepareContext pc = load.context();
    ASSERT_EQ(prepare_quantized_linear(pc, args.span()), Error::Ok);
    ASSERT_NE(pc.prepared, nullptr);
    out.set_vector(std::vector<int8_t>(6 * kOut, 0));
    std::vector<uint8_t> no_temp;
    Arena empty(no_temp.data(), 0);
    KernelContext ctx(&empty, "cortex_m::quantized_linear.out", pc.prepared);
    quantized_linear_out(ctx, args.span());
    EXPECT_EQ(ctx.failure(), Error::Ok);
    EXPECT_EQ(out.values<int8_t>(), expected) << "prepared, per channel " << per_channel;
    // Unprepared, the lists need temp memory: its absence is reported.
    KernelContext unprepared(&empty, "cortex_m::quantized_linear.out");
    quantized_linear_out(unprepared, args.span());
    EXPECT_EQ(unprepared.failure(), Error::MemoryAllocationFailed);
  }
}

TEST(QuantizedLinearPrepare, KernelSumWithFilterOffsetIsRejected) {
  Head head(false, 19);
  *head.args.span()[3] = *head.args.span()[2];  // kernel_sum
  *head.args.span()[2] = EValue();              // no bias
  *head.args.span()[5] = EValue::from_int(1);   // filter_offset
  head.run(nullptr, Error::InvalidArgument);
  Load load;
  PrepareContext pc = load.context();
  EXPECT_EQ(prepare_quantized_linear(pc, head.args.span()), Error::InvalidArgument);
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
