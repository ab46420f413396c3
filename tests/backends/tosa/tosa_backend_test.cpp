// TOSABackend through its delegate interface: graphs built with the
// generated flatbuffer API, executed on EValues; ERROR_IF cases fail init,
// mismatched delegate arguments fail execute, hostile blobs never crash.
#include "backends/tosa/tosa_backend.h"

#include <gtest/gtest.h>
#include <string.h>

#include <random>
#include <string>
#include <vector>

#include "backends/tosa/graph.h"
#include "backends/tosa/tosa_generated.h"

namespace wick {
namespace tosa {
namespace {

namespace fbs = ::flatbuffers;

struct OpSpec {
  fb::Op op;
  fb::Attribute attribute_type;
  fbs::Offset<void> attribute;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

// Collects tensors and operators, then finishes one "main" block.
class Builder {
 public:
  void tensor(const std::string& name, std::vector<int32_t> shape, fb::DType type,
              std::vector<uint8_t> data = {}) {
    tensors_.push_back(fb::CreateTosaTensorDirect(fbb_, name.c_str(), &shape, type,
                                                  data.empty() ? nullptr : &data));
  }
  template <typename T>
  void constant(const std::string& name, std::vector<int32_t> shape, fb::DType type,
                std::vector<T> values) {
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    memcpy(bytes.data(), values.data(), bytes.size());
    tensor(name, shape, type, bytes);
    op(fb::Op::CONST, fb::Attribute::NONE, 0, {}, {name});
  }
  void op(fb::Op op, fb::Attribute type, fbs::Offset<void> attribute,
          std::vector<std::string> inputs, std::vector<std::string> outputs) {
    ops_.push_back(OpSpec{op, type, attribute, inputs, outputs});
  }
  fbs::FlatBufferBuilder& fbb() { return fbb_; }

  std::vector<uint8_t> finish(std::vector<std::string> inputs, std::vector<std::string> outputs,
                              int major = 1, int minor = 0) {
    std::vector<fbs::Offset<fb::TosaOperator>> ops;
    for (const OpSpec& s : ops_) {
      std::vector<fbs::Offset<fbs::String>> in, out;
      for (const auto& n : s.inputs) in.push_back(fbb_.CreateString(n));
      for (const auto& n : s.outputs) out.push_back(fbb_.CreateString(n));
      ops.push_back(
          fb::CreateTosaOperatorDirect(fbb_, s.op, s.attribute_type, s.attribute, &in, &out));
    }
    std::vector<fbs::Offset<fbs::String>> in, out;
    for (const auto& n : inputs) in.push_back(fbb_.CreateString(n));
    for (const auto& n : outputs) out.push_back(fbb_.CreateString(n));
    auto block = fb::CreateTosaBasicBlockDirect(fbb_, "main", &ops, &tensors_, &in, &out);
    std::vector<fbs::Offset<fb::TosaBasicBlock>> blocks{block};
    std::vector<fbs::Offset<fb::TosaRegion>> regions{
        fb::CreateTosaRegionDirect(fbb_, "main", &blocks)};
    auto version = fb::CreateVersion(fbb_, major, minor, 0, false);
    fb::FinishTosaGraphBuffer(fbb_, fb::CreateTosaGraphDirect(fbb_, version, &regions));
    return std::vector<uint8_t>(fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize());
  }

 private:
  fbs::FlatBufferBuilder fbb_;
  std::vector<fbs::Offset<fb::TosaTensor>> tensors_;
  std::vector<OpSpec> ops_;
};

// A host tensor + EValue over owned storage.
template <typename T>
struct HostTensor {
  HostTensor(std::vector<int32_t> shape, ScalarType dtype, std::vector<T> values)
      : sizes(shape), dim_order(shape.size()), strides(shape.size()), data(values) {
    for (size_t i = 0; i < shape.size(); ++i) dim_order[i] = static_cast<uint8_t>(i);
    compute_strides(sizes.data(), dim_order.data(), static_cast<int>(sizes.size()), strides.data());
    tensor.data = data.data();
    tensor.sizes = sizes.data();
    tensor.dim_order = dim_order.data();
    tensor.strides = strides.data();
    tensor.numel = tensor.numel_bound = data.size();
    tensor.dtype = dtype;
    tensor.dim = static_cast<uint8_t>(sizes.size());
    value.tag = Tag::Tensor;
    value.payload.as_tensor = &tensor;
  }
  std::vector<int32_t> sizes;
  std::vector<uint8_t> dim_order;
  std::vector<int32_t> strides;
  std::vector<T> data;
  Tensor tensor;
  EValue value;
};

class TosaBackendTest : public ::testing::Test {
 protected:
  Result<DelegateHandle*> init(const std::vector<uint8_t>& blob) {
    // The .pte stores delegate blobs 16-byte aligned; keep that here.
    aligned_.assign(blob.size() + 16, 0);
    uint8_t* base = aligned_.data() + (16 - reinterpret_cast<uintptr_t>(aligned_.data()) % 16) % 16;
    if (!blob.empty()) memcpy(base, blob.data(), blob.size());
    method_arena_ = Arena(method_bytes_, sizeof(method_bytes_));
    BackendInitContext ctx{&method_arena_, nullptr, "forward"};
    return backend().init(ctx, Span<const uint8_t>(base, blob.size()), Span<const CompileSpec>());
  }
  Error execute(DelegateHandle* handle, std::vector<EValue*> args) {
    temp_arena_ = Arena(temp_bytes_, sizeof(temp_bytes_));
    BackendExecuteContext ctx{&temp_arena_, "forward"};
    return backend().execute(ctx, handle, Span<EValue*>(args.data(), args.size()));
  }
  const Backend& backend() { return backend_table()[0]; }

  std::vector<uint8_t> aligned_;
  alignas(16) uint8_t method_bytes_[1 << 16];
  alignas(16) uint8_t temp_bytes_[1 << 16];
  Arena method_arena_;
  Arena temp_arena_;
};

std::vector<uint8_t> add_i32_graph(int major = 1, int minor = 0) {
  Builder b;
  b.tensor("x", {2, 3}, fb::DType::INT32);
  b.tensor("y", {1, 3}, fb::DType::INT32);
  b.tensor("z", {2, 3}, fb::DType::INT32);
  b.op(fb::Op::ADD, fb::Attribute::AddAttribute, fb::CreateAddAttribute(b.fbb()).Union(),
       {"x", "y"}, {"z"});
  return b.finish({"x", "y"}, {"z"}, major, minor);
}

TEST_F(TosaBackendTest, IdIsTosaBackend) { EXPECT_STREQ(backend().id, "TOSABackend"); }

TEST_F(TosaBackendTest, AddBroadcastsAndWrapsInt32) {
  auto handle = init(add_i32_graph());
  ASSERT_TRUE(handle.ok());
  HostTensor<int32_t> x({2, 3}, ScalarType::Int, {1, 2, 3, INT32_MAX, 5, 6});
  HostTensor<int32_t> y({1, 3}, ScalarType::Int, {10, 20, 30});
  HostTensor<int32_t> z({2, 3}, ScalarType::Int, std::vector<int32_t>(6));
  ASSERT_EQ(execute(*handle, {&x.value, &y.value, &z.value}), Error::Ok);
  EXPECT_EQ(z.data, (std::vector<int32_t>{11, 22, 33, INT32_MIN + 9, 25, 36}));
}

TEST_F(TosaBackendTest, ExecuteRefusesMismatchedArguments) {
  auto handle = init(add_i32_graph());
  ASSERT_TRUE(handle.ok());
  HostTensor<int32_t> x({2, 3}, ScalarType::Int, std::vector<int32_t>(6));
  HostTensor<int32_t> wrong_shape({3, 1}, ScalarType::Int, std::vector<int32_t>(3));
  HostTensor<float> wrong_dtype({2, 3}, ScalarType::Float, std::vector<float>(6));
  HostTensor<int32_t> y({1, 3}, ScalarType::Int, std::vector<int32_t>(3));
  EXPECT_EQ(execute(*handle, {&x.value, &wrong_shape.value, &x.value}), Error::InvalidArgument);
  EXPECT_EQ(execute(*handle, {&x.value, &y.value, &wrong_dtype.value}), Error::InvalidArgument);
  EXPECT_EQ(execute(*handle, {&x.value, &y.value}), Error::InvalidArgument);
}

TEST_F(TosaBackendTest, RejectsOtherVersionsAndNonTosaBytes) {
  EXPECT_EQ(init(add_i32_graph(0, 80)).error(), Error::DelegateInvalidCompatibility);
  std::vector<uint8_t> blob = add_i32_graph();
  blob[4] = 'X';  // file identifier
  EXPECT_EQ(init(blob).error(), Error::InvalidProgram);
  EXPECT_EQ(init(std::vector<uint8_t>(3, 0)).error(), Error::InvalidProgram);
}

TEST_F(TosaBackendTest, TruncatedAndMutatedBlobsNeverCrash) {
  const std::vector<uint8_t> blob = add_i32_graph();
  for (size_t n = 0; n < blob.size(); n += 7) {
    EXPECT_FALSE(init(std::vector<uint8_t>(blob.begin(), blob.begin() + n)).ok()) << n;
  }
  std::mt19937 rng(1234);
  int accepted = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<uint8_t> mutated = blob;
    for (int k = 0; k < 4; ++k) mutated[rng() % mutated.size()] = static_cast<uint8_t>(rng());
    auto handle = init(mutated);
    if (!handle.ok()) continue;
    ++accepted;  // still a valid graph: it must execute on matching tensors or refuse them
    HostTensor<int32_t> x({2, 3}, ScalarType::Int, std::vector<int32_t>(6));
    HostTensor<int32_t> y({1, 3}, ScalarType::Int, std::vector<int32_t>(3));
    HostTensor<int32_t> z({2, 3}, ScalarType::Int, std::vector<int32_t>(6));
    (void)execute(*handle, {&x.value, &y.value, &z.value});
  }
  EXPECT_LT(accepted, 3000);
}

TEST_F(TosaBackendTest, UnknownOperatorAndUndeclaredTensorsFailInit) {
  {
    Builder b;
    b.tensor("x", {4}, fb::DType::FP32);
    b.tensor("y", {4}, fb::DType::FP32);
    b.op(fb::Op::FFT2D, fb::Attribute::NONE, 0, {"x"}, {"y"});
    EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::NotSupported);
  }
  {
    Builder b;
    b.tensor("x", {4}, fb::DType::FP32);
    b.tensor("y", {4}, fb::DType::FP32);
    b.op(fb::Op::SIGMOID, fb::Attribute::NONE, 0, {"nope"}, {"y"});
    EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
  }
  {  // writes into a tensor that carries constant data (read-only blob memory)
    Builder b;
    b.tensor("x", {4}, fb::DType::INT32);
    b.tensor("y", {4}, fb::DType::INT32, std::vector<uint8_t>(16, 0));
    b.op(fb::Op::IDENTITY, fb::Attribute::NONE, 0, {"x"}, {"y"});
    EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
  }
  {  // reads a tensor nothing writes
    Builder b;
    b.tensor("x", {4}, fb::DType::FP32);
    b.tensor("t", {4}, fb::DType::FP32);
    b.tensor("y", {4}, fb::DType::FP32);
    b.op(fb::Op::ADD, fb::Attribute::NONE, 0, {"x", "t"}, {"y"});
    EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
  }
}

std::vector<uint8_t> rescale_graph(bool scale32, fb::RoundingMode mode, int8_t shift) {
  Builder b;
  b.tensor("x", {4}, fb::DType::INT32);
  b.tensor("y", {4}, fb::DType::INT8);
  b.constant<int32_t>("m", {1}, scale32 ? fb::DType::INT32 : fb::DType::INT16, {1 << 30});
  if (!scale32) {
    b = Builder();
    b.tensor("x", {4}, fb::DType::INT32);
    b.tensor("y", {4}, fb::DType::INT8);
    b.constant<int16_t>("m", {1}, fb::DType::INT16, {1 << 14});
  }
  b.constant<int8_t>("s", {1}, fb::DType::INT8, {shift});
  b.constant<int32_t>("izp", {1}, fb::DType::INT32, {0});
  b.constant<int8_t>("ozp", {1}, fb::DType::INT8, {3});
  auto attr = fb::CreateRescaleAttribute(b.fbb(), scale32, mode, false, false, false);
  b.op(fb::Op::RESCALE, fb::Attribute::RescaleAttribute, attr.Union(),
       {"x", "m", "s", "izp", "ozp"}, {"y"});
  return b.finish({"x"}, {"y"});
}

TEST_F(TosaBackendTest, RescaleErrorIfsFailInit) {
  EXPECT_TRUE(init(rescale_graph(true, fb::RoundingMode::DOUBLE_ROUND, 31)).ok());
  EXPECT_EQ(init(rescale_graph(false, fb::RoundingMode::DOUBLE_ROUND, 15)).error(),
            Error::InvalidProgram);  // DOUBLE_ROUND needs scale32
  EXPECT_EQ(init(rescale_graph(true, fb::RoundingMode::SINGLE_ROUND, 63)).error(),
            Error::InvalidProgram);  // shift outside 2..62
  // i32 input with a non-zero input_zp is an ERROR_IF.
  Builder b;
  b.tensor("x", {4}, fb::DType::INT32);
  b.tensor("y", {4}, fb::DType::INT8);
  b.constant<int32_t>("m", {1}, fb::DType::INT32, {1 << 30});
  b.constant<int8_t>("s", {1}, fb::DType::INT8, {30});
  b.constant<int32_t>("izp", {1}, fb::DType::INT32, {5});
  b.constant<int8_t>("ozp", {1}, fb::DType::INT8, {0});
  auto attr = fb::CreateRescaleAttribute(b.fbb(), true, fb::RoundingMode::SINGLE_ROUND);
  b.op(fb::Op::RESCALE, fb::Attribute::RescaleAttribute, attr.Union(),
       {"x", "m", "s", "izp", "ozp"}, {"y"});
  EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
}

TEST_F(TosaBackendTest, RescaleSaturatesWithOutputZeroPoint) {
  auto handle = init(rescale_graph(true, fb::RoundingMode::SINGLE_ROUND, 31));  // x / 2 + 3
  ASSERT_TRUE(handle.ok());
  HostTensor<int32_t> x({4}, ScalarType::Int, {1, -1, 1000, -1000});
  HostTensor<int8_t> y({4}, ScalarType::Char, std::vector<int8_t>(4));
  ASSERT_EQ(execute(*handle, {&x.value, &y.value}), Error::Ok);
  EXPECT_EQ(y.data, (std::vector<int8_t>{4, 3, 127, -128}));
}

TEST_F(TosaBackendTest, ConvOutputShapeMismatchFailsInit) {
  Builder b;
  b.tensor("x", {1, 5, 5, 2}, fb::DType::INT8);
  b.tensor("y", {1, 4, 4, 3}, fb::DType::INT32);  // 3x3 valid conv gives 3x3
  b.constant<int8_t>("w", {3, 3, 3, 2}, fb::DType::INT8, std::vector<int8_t>(54, 1));
  b.constant<int32_t>("bias", {3}, fb::DType::INT32, {0, 0, 0});
  b.constant<int8_t>("izp", {1}, fb::DType::INT8, {0});
  b.constant<int8_t>("wzp", {1}, fb::DType::INT8, {0});
  std::vector<int32_t> pad{0, 0, 0, 0}, stride{1, 1}, dilation{1, 1};
  auto attr =
      fb::CreateConv2dAttributeDirect(b.fbb(), &pad, &stride, &dilation, false, fb::DType::INT32);
  b.op(fb::Op::CONV2D, fb::Attribute::Conv2dAttribute, attr.Union(),
       {"x", "w", "bias", "izp", "wzp"}, {"y"});
  EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
}

TEST_F(TosaBackendTest, ClampWithMaxBelowMinFailsInit) {
  Builder b;
  b.tensor("x", {4}, fb::DType::INT8);
  b.tensor("y", {4}, fb::DType::INT8);
  std::vector<uint8_t> lo{10}, hi{5};
  auto attr = fb::CreateClampAttributeDirect(b.fbb(), &lo, &hi);
  b.op(fb::Op::CLAMP, fb::Attribute::ClampAttribute, attr.Union(), {"x"}, {"y"});
  EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
}

TEST_F(TosaBackendTest, AttributeOfAnotherOpFailsInit) {
  Builder b;
  b.tensor("x", {4}, fb::DType::INT8);
  b.tensor("y", {4}, fb::DType::INT8);
  b.op(fb::Op::CLAMP, fb::Attribute::AddAttribute, fb::CreateAddAttribute(b.fbb()).Union(), {"x"},
       {"y"});
  EXPECT_EQ(init(b.finish({"x"}, {"y"})).error(), Error::InvalidProgram);
}

TEST_F(TosaBackendTest, TempArenaTooSmallIsAnError) {
  // x -> NEGATE -> t -> NEGATE -> y: t is an intermediate of 4 KiB.
  Builder b;
  b.tensor("x", {1024}, fb::DType::INT32);
  b.tensor("t", {1024}, fb::DType::INT32);
  b.tensor("y", {1024}, fb::DType::INT32);
  b.constant<int32_t>("zp", {1}, fb::DType::INT32, {0});
  b.op(fb::Op::NEGATE, fb::Attribute::NONE, 0, {"x", "zp", "zp"}, {"t"});
  b.op(fb::Op::NEGATE, fb::Attribute::NONE, 0, {"t", "zp", "zp"}, {"y"});
  auto handle = init(b.finish({"x"}, {"y"}));
  ASSERT_TRUE(handle.ok());
  std::vector<int32_t> values(1024);
  for (int i = 0; i < 1024; ++i) values[i] = i - 512;
  HostTensor<int32_t> x({1024}, ScalarType::Int, values);
  HostTensor<int32_t> y({1024}, ScalarType::Int, std::vector<int32_t>(1024));
  ASSERT_EQ(execute(*handle, {&x.value, &y.value}), Error::Ok);
  EXPECT_EQ(y.data, values);
  temp_arena_ = Arena(temp_bytes_, 1024);
  BackendExecuteContext small{&temp_arena_, "forward"};
  std::vector<EValue*> args{&x.value, &y.value};
  EXPECT_EQ(backend().execute(small, *handle, Span<EValue*>(args.data(), 2)),
            Error::MemoryAllocationFailed);
}

TEST_F(TosaBackendTest, IntermediatesShareScratchByLifetime) {
  // x -> t1 -> t2 -> t3 -> y through NEGATE: t1 and t3 can share bytes, t2 cannot.
  Builder b;
  b.tensor("x", {1024}, fb::DType::INT32);
  for (const char* name : {"t1", "t2", "t3", "y"}) b.tensor(name, {1024}, fb::DType::INT32);
  b.constant<int32_t>("zp", {1}, fb::DType::INT32, {0});
  const char* chain[] = {"x", "t1", "t2", "t3", "y"};
  for (int i = 0; i < 4; ++i) {
    b.op(fb::Op::NEGATE, fb::Attribute::NONE, 0, {chain[i], "zp", "zp"}, {chain[i + 1]});
  }
  const std::vector<uint8_t> blob = b.finish({"x"}, {"y"});
  aligned_.assign(blob.begin(), blob.end());
  method_arena_ = Arena(method_bytes_, sizeof(method_bytes_));
  auto graph = parse_graph(Span<const uint8_t>(aligned_.data(), aligned_.size()), method_arena_);
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ((*graph)->scratch_bytes, 2u * 4096u);
  EXPECT_EQ((*graph)->num_ops, 4u);  // the CONST is folded into the tensor table
}

TEST_F(TosaBackendTest, ConvFollowedByRescaleNeverStoresTheAccumulators) {
  // 1x1 conv, 2 input channels -> 2 output channels, then a per-channel RESCALE to int8.
  Builder b;
  b.tensor("x", {1, 1, 2, 2}, fb::DType::INT8);
  b.tensor("acc", {1, 1, 2, 2}, fb::DType::INT32);
  b.tensor("y", {1, 1, 2, 2}, fb::DType::INT8);
  b.constant<int8_t>("w", {2, 1, 1, 2}, fb::DType::INT8, {1, 2, -3, 4});
  b.constant<int32_t>("bias", {2}, fb::DType::INT32, {10, -7});
  b.constant<int8_t>("izp", {1}, fb::DType::INT8, {1});
  b.constant<int8_t>("wzp", {1}, fb::DType::INT8, {0});
  std::vector<int32_t> pad{0, 0, 0, 0}, stride{1, 1}, dilation{1, 1};
  auto conv =
      fb::CreateConv2dAttributeDirect(b.fbb(), &pad, &stride, &dilation, false, fb::DType::INT32);
  b.op(fb::Op::CONV2D, fb::Attribute::Conv2dAttribute, conv.Union(),
       {"x", "w", "bias", "izp", "wzp"}, {"acc"});
  b.constant<int32_t>("m", {2}, fb::DType::INT32, {1 << 30, 1 << 30});
  b.constant<int8_t>("s", {2}, fb::DType::INT8, {30, 31});  // x1 and x0.5 (ties up)
  b.constant<int32_t>("rzp", {1}, fb::DType::INT32, {0});
  b.constant<int8_t>("ozp", {1}, fb::DType::INT8, {-5});
  auto rescale = fb::CreateRescaleAttribute(b.fbb(), true, fb::RoundingMode::SINGLE_ROUND, true);
  b.op(fb::Op::RESCALE, fb::Attribute::RescaleAttribute, rescale.Union(),
       {"acc", "m", "s", "rzp", "ozp"}, {"y"});
  const std::vector<uint8_t> blob = b.finish({"x"}, {"y"});
  aligned_.assign(blob.begin(), blob.end());
  method_arena_ = Arena(method_bytes_, sizeof(method_bytes_));
  auto graph = parse_graph(Span<const uint8_t>(aligned_.data(), aligned_.size()), method_arena_);
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ((*graph)->scratch_bytes, 0u);  // acc is rescaled as produced; y is the output
  auto handle = init(blob);
  ASSERT_TRUE(handle.ok());
  HostTensor<int8_t> x({1, 1, 2, 2}, ScalarType::Char, {3, 5, -1, 2});
  HostTensor<int8_t> y({1, 1, 2, 2}, ScalarType::Char, std::vector<int8_t>(4));
  ASSERT_EQ(execute(*handle, {&x.value, &y.value}), Error::Ok);
  // pixel 0: a = (2, 4): oc0 = 2 + 8 + 10 = 20 -> 20 - 5 = 15; oc1 = -6 + 16 - 7 = 3 -> 1.5
  // rounds up to 2 -> -3. pixel 1: a = (-2, 1): oc0 = -2 + 2 + 10 = 10 -> 5; oc1 = 6 + 4 - 7
  // = 3 -> -3.
  EXPECT_EQ(y.data, (std::vector<int8_t>{15, -3, 5, -3}));
}

}  // namespace
}  // namespace tosa
}  // namespace wick
