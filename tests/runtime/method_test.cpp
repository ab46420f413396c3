// Method loading and execution: operator/backend resolution, inputs and
// outputs, memory errors. Uses the test registry so the executor is tested
// independently of the kernel libraries.
#include <gtest/gtest.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tests/runtime/test_support.h"
#include "wick/flat_tensor.h"
#include "wick/program.h"

namespace wick {
namespace {

using testing::corpus_path;
using testing::HostTensor;
using testing::LogCapture;
using testing::MethodMemory;

#define REQUIRE_CORPUS()                                        \
  if (!testing::corpus_available()) {                           \
    GTEST_SKIP() << "pte corpus not found at " WICK_CORPUS_DIR; \
  }

struct Loaded {
  explicit Loaded(const std::string& name) : file(testing::read(corpus_path(name))) {}
  host::AlignedBuffer file;
};

TEST(Method, AddRunsWithTestKernels) {
  REQUIRE_CORPUS();
  Loaded f("barakugav__executorch-rs__add.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  MethodMemory memory(*program->method_meta("forward"));
  Result<Method> method = program->load_method("forward", memory.manager, testing::test_registry());
  ASSERT_TRUE(method.ok()) << error_name(method.error());
  HostTensor x(ScalarType::Float, {1});
  HostTensor y(ScalarType::Float, {1});
  x.data<float>()[0] = 1.5f;
  y.data<float>()[0] = -4.0f;
  ASSERT_EQ(method->set_input(0, x.tensor), Error::Ok);
  ASSERT_EQ(method->set_input(1, y.tensor), Error::Ok);
  ASSERT_EQ(method->execute(), Error::Ok);
  ASSERT_TRUE(method->output(0).is_tensor());
  EXPECT_FLOAT_EQ(method->output(0).to_tensor().data_as<float>()[0], -2.5f);
  EXPECT_STREQ(method->instruction_name(0), "aten::add.out");
}

TEST(Method, MissingOperatorsAreAllNamedBeforeAnythingRuns) {
  REQUIRE_CORPUS();
  Loaded f("berndporr__dnf_executorch__ecg_filt_demo_dnf_executorch.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  MethodMemory memory(*program->method_meta("forward"));
  LogCapture log;
  Result<Method> method = program->load_method("forward", memory.manager, testing::test_registry());
  EXPECT_EQ(method.error(), Error::OperatorMissing);
  for (const char* op : {"aten::permute_copy.out", "aten::addmm.out", "aten::tanh.out",
                         "aten::sum.IntList_out", "dim_order_ops::_to_dim_order_copy.out"}) {
    EXPECT_NE(log.text().find(op), std::string::npos) << op << "\n" << log.text();
  }
  EXPECT_EQ(log.text().find("aten::mul.out"), std::string::npos) << "mul is registered";
  EXPECT_EQ(memory.arena.used(), 0u) << "nothing is allocated before resolution";
}

TEST(Method, CustomOperatorIsReportedMissing) {
  REQUIRE_CORPUS();
  Loaded f("corey-cole__executorch-numpy-runtime__lstm.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  MethodMemory memory(*program->method_meta("forward"));
  LogCapture log;
  EXPECT_EQ(program->load_method("forward", memory.manager, testing::test_registry()).error(),
            Error::OperatorMissing);
  EXPECT_NE(log.text().find("etnp::lstm.out"), std::string::npos) << log.text();
}

TEST(Method, MissingBackendsAreNamed) {
  REQUIRE_CORPUS();
  const struct {
    const char* file;
    const char* backend;
  } cases[] = {
      {"corey-cole__djl-executorch-engine__add_unplanned.pte", "XnnpackBackend"},
      {"corey-cole__djl-executorch-engine__openvino_tiny.pte", "OpenvinoBackend"},
      {"Arm-Examples__CMSIS-Executorch__Corstone320_ethos_u_minimal_example.pte", "EthosUBackend"},
      {"corey-cole__djl-executorch-engine__stress_mlp.pte", "XnnpackBackend"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    Loaded f(c.file);
    Result<Program> program = Program::load(f.file.span());
    ASSERT_TRUE(program.ok());
    MethodMemory memory(*program->method_meta("forward"));
    LogCapture log;
    Result<Method> method =
        program->load_method("forward", memory.manager, testing::test_registry());
    EXPECT_FALSE(method.ok());
    EXPECT_NE(log.text().find(c.backend), std::string::npos) << log.text();
  }
}

TEST(Method, IdentityWithNoInstructions) {
  REQUIRE_CORPUS();
  Loaded f("kadu-v__berry-executorch__id.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  MethodMemory memory(*program->method_meta("forward"));
  Result<Method> method = program->load_method("forward", memory.manager, testing::test_registry());
  ASSERT_TRUE(method.ok());
  EXPECT_EQ(method->num_instructions(), 0u);
  HostTensor x(ScalarType::Float, {1});
  x.data<float>()[0] = 7.0f;
  ASSERT_EQ(method->set_input(0, x.tensor), Error::Ok);
  ASSERT_EQ(method->execute(), Error::Ok);
  EXPECT_EQ(method->output(0).to_tensor().data_as<float>()[0], 7.0f);
}

TEST(Method, GetterMethodsReturnTheirConstants) {
  REQUIRE_CORPUS();
  Loaded f("corey-cole__executorch-numpy-runtime__const_methods.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  auto run = [&](const char* name, auto check) {
    SCOPED_TRACE(name);
    MethodMemory memory(*program->method_meta(name));
    Result<Method> method = program->load_method(name, memory.manager, testing::test_registry());
    ASSERT_TRUE(method.ok());
    ASSERT_EQ(method->execute(), Error::Ok);
    check(method->output(0));
  };
  run("get_scalar", [](const EValue& v) { EXPECT_EQ(v.to_int(), 128); });
  run("get_double", [](const EValue& v) { EXPECT_DOUBLE_EQ(v.to_double(), 2.5); });
  run("get_bool", [](const EValue& v) { EXPECT_TRUE(v.to_bool()); });
  run("get_tensor", [](const EValue& v) {
    ASSERT_TRUE(v.is_tensor());
    ASSERT_EQ(v.to_tensor().dtype, ScalarType::Long);
    const int64_t* data = v.to_tensor().data_as<int64_t>();
    EXPECT_EQ(data[0], 1);
    EXPECT_EQ(data[1], 2);
    EXPECT_EQ(data[2], 3);
  });
}

TEST(Method, ExternalTensorsComeFromThePtd) {
  REQUIRE_CORPUS();
  Loaded f("barakugav__executorch-rs__data_map_model.pte");
  Loaded ptd("barakugav__executorch-rs__data_map__default_external_constant.ptd");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  Result<FlatTensorDataMap> data = FlatTensorDataMap::load(ptd.file.span());
  ASSERT_TRUE(data.ok());
  {
    MethodMemory memory(*program->method_meta("forward"));
    LogCapture log;
    EXPECT_EQ(program->load_method("forward", memory.manager, testing::test_registry()).error(),
              Error::NotFound);
    EXPECT_NE(log.text().find(".ptd"), std::string::npos) << log.text();
  }
  MethodMemory memory(*program->method_meta("forward"));
  Result<Method> method =
      program->load_method("forward", memory.manager, testing::test_registry(), &*data);
  ASSERT_TRUE(method.ok()) << error_name(method.error());
  HostTensor x(ScalarType::Float, {2, 2});
  for (int i = 0; i < 4; ++i) x.data<float>()[i] = static_cast<float>(i) - 1.0f;
  ASSERT_EQ(method->set_input(0, x.tensor), Error::Ok);
  ASSERT_EQ(method->execute(), Error::Ok);
  for (int i = 0; i < 4; ++i) {
    EXPECT_FLOAT_EQ(method->output(0).to_tensor().data_as<float>()[i], 3.0f * (i - 1.0f) + 2.0f);
  }
}

TEST(Method, WrongInputsAreRejectedWithTheirReason) {
  REQUIRE_CORPUS();
  Loaded f("mybigday__node-executorch__mul.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  MethodMemory memory(*program->method_meta("forward"));
  Result<Method> method = program->load_method("forward", memory.manager, testing::test_registry());
  ASSERT_TRUE(method.ok());
  LogCapture log;
  HostTensor wrong_dtype(ScalarType::Long, {3, 2});
  EXPECT_EQ(method->set_input(0, wrong_dtype.tensor), Error::InvalidArgument);
  EXPECT_NE(log.text().find("expected dtype float32, got int64"), std::string::npos) << log.text();
  HostTensor wrong_shape(ScalarType::Float, {2, 3});
  EXPECT_EQ(method->set_input(0, wrong_shape.tensor), Error::InvalidArgument);
  EXPECT_NE(log.text().find("expected shape [3, 2], got [2, 3]"), std::string::npos)
      << log.text();
  EXPECT_EQ(method->set_input(2, wrong_shape.tensor), Error::InvalidArgument);
  EXPECT_EQ(method->execute(), Error::InvalidArgument);
  EXPECT_NE(log.text().find("was not set"), std::string::npos);
}

TEST(Method, TooSmallMemoryNamesTheSizeNeeded) {
  REQUIRE_CORPUS();
  Loaded f("mybigday__node-executorch__mul.pte");
  Result<Program> program = Program::load(f.file.span());
  ASSERT_TRUE(program.ok());
  const MethodMeta meta = *program->method_meta("forward");
  {
    MethodMemory memory(meta);
    std::vector<uint8_t> small(40);
    Span<uint8_t> buffers[] = {Span<uint8_t>(small.data(), small.size())};
    memory.manager.planned_buffers = Span<const Span<uint8_t>>(buffers);
    LogCapture log;
    EXPECT_EQ(program->load_method("forward", memory.manager, testing::test_registry()).error(),
              Error::MemoryAllocationFailed);
    EXPECT_NE(log.text().find("needs 96 bytes, got 40"), std::string::npos) << log.text();
  }
  {
    MethodMemory memory(meta, 64);
    LogCapture log;
    EXPECT_EQ(program->load_method("forward", memory.manager, testing::test_registry()).error(),
              Error::MemoryAllocationFailed);
    const std::string expected = "needs " + std::to_string(*meta.method_arena_bytes()) + " bytes";
    EXPECT_NE(log.text().find(expected), std::string::npos) << log.text();
  }
  // Exactly the advertised size is enough.
  MethodMemory exact(meta, *meta.method_arena_bytes());
  EXPECT_TRUE(program->load_method("forward", exact.manager, testing::test_registry()).ok());
}

TEST(TensorCopy, ConvertsBetweenDimOrders) {
  HostTensor src(ScalarType::Float, {1, 2, 3, 2});
  for (int i = 0; i < 12; ++i) src.data<float>()[i] = static_cast<float>(i);
  HostTensor dst(ScalarType::Float, {1, 2, 3, 2});
  const uint8_t channels_last[] = {0, 2, 3, 1};
  memcpy(dst.dim_order.data(), channels_last, 4);
  compute_strides(dst.sizes.data(), dst.dim_order.data(), 4, dst.strides.data());
  ASSERT_EQ(copy_tensor_data(src.tensor, dst.tensor), Error::Ok);
  // NHWC: element (c, h, w) lands at (h * 2 + w) * 2 + c.
  for (int c = 0; c < 2; ++c) {
    for (int h = 0; h < 3; ++h) {
      for (int w = 0; w < 2; ++w) {
        EXPECT_EQ(dst.data<float>()[(h * 2 + w) * 2 + c], static_cast<float>(c * 6 + h * 2 + w));
      }
    }
  }
}

TEST(EValue, ScalarAsIntSaturatesAndMapsNaNToZero) {
  EXPECT_EQ(EValue::from_double(-2.9).scalar_as_int(), -2);
  EXPECT_EQ(EValue::from_double(1e300).scalar_as_int(), INT64_MAX);
  EXPECT_EQ(EValue::from_double(-1e300).scalar_as_int(), INT64_MIN);
  EXPECT_EQ(EValue::from_double(NAN).scalar_as_int(), 0);
  EXPECT_EQ(EValue::from_bool(true).scalar_as_int(), 1);
}

TEST(Tensor, ResizeRefusesShapesWhoseStridesOverflow) {
  HostTensor t(ScalarType::Float, {4, 4, 4});
  t.tensor.dynamism = ShapeDynamism::DynamicBound;
  const int32_t no_elements_huge_strides[] = {0, 65536, 65536};
  EXPECT_EQ(resize(t.tensor, Span<const int32_t>(no_elements_huge_strides, 3)),
            Error::InvalidArgument);
  const int32_t smaller[] = {2, 4, 4};
  EXPECT_EQ(resize(t.tensor, Span<const int32_t>(smaller, 3)), Error::Ok);
  EXPECT_EQ(t.tensor.strides[0], 16);
}

}  // namespace
}  // namespace wick
