// int_args (binding.h), the table-driven check of integer arguments, and the
// bindings built on its tables: every hostile argument fails the call with
// InvalidArgument and logs a line naming the operator and the argument.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/ops.h"
#include "platform/host/log.h"
#include "tests/kernels/cortex_m/kernel_test_util.h"

namespace wick {
namespace cortex_m {
namespace {

using test::Args;
using test::OwnedTensor;

const std::vector<uint8_t> kNhwc = {0, 2, 3, 1};
constexpr int64_t kChar = static_cast<int64_t>(ScalarType::Char);

// Collects the lines logged while it lives.
class LogCapture {
 public:
  LogCapture() { host::set_log_sink(&append, &text_); }
  ~LogCapture() { host::set_log_sink(nullptr, nullptr); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  const std::string& text() const { return text_; }

 private:
  static void append(LogLevel, const char* message, void* user) {
    static_cast<std::string*>(user)->append(message).append("\n");
  }
  std::string text_;
};

// Runs fn under the name "test_op"; returns the failure and the log.
Error run_logged(OpFunction fn, Args& args, std::string* log) {
  LogCapture capture;
  const Error error = test::run_kernel(fn, args, "test_op");
  *log = capture.text();
  return error;
}

// A 2-item list in [1, 9], a Scalar in [-5, 5], a Scalar in [that one, 7],
// a bool.
constexpr IntArg kTable[] = {
    {0, 2, 1, 9, "window"},
    {1, kScalarArg, -5, 5, "low"},
    {2, kAtLeastPreviousArg, 0, 7, "high"},
    {3, kBoolArg, 0, 1, "flag"},
};
int32_t g_values[5];

void table_op(KernelContext& ctx, Span<EValue*> args) { int_args(ctx, args, kTable, g_values); }

TEST(IntArgs, WritesValuesInTableOrder) {
  Args args;
  args.int_list({2, 3}).integer(-1).integer(4).boolean(true);
  std::string log;
  ASSERT_EQ(run_logged(&table_op, args, &log), Error::Ok);
  EXPECT_EQ(std::vector<int32_t>(g_values, g_values + 5), (std::vector<int32_t>{2, 3, -1, 4, 1}));
  EXPECT_EQ(log, "");
}

TEST(IntArgs, ScalarsMayBeDoublesOrBoolsAndFlagsIntsZeroOrOne) {
  Args args;
  args.int_list({9, 1}).real(-2.9).boolean(true).integer(0);
  std::string log;
  ASSERT_EQ(run_logged(&table_op, args, &log), Error::Ok);
  EXPECT_EQ(std::vector<int32_t>(g_values, g_values + 5), (std::vector<int32_t>{9, 1, -2, 1, 0}));
}

TEST(IntArgs, EachMismatchNamesTheOperatorAndTheArgument) {
  struct Case {
    std::function<void(Args&)> build;
    const char* argument;
  };
  const Case cases[] = {
      {[](Args& a) {
         a.int_list({2, 3, 4}).integer(0).integer(0).boolean(false);
       },
       "window"},
      {[](Args& a) {
         a.int_list({2, 0}).integer(0).integer(0).boolean(false);
       },
       "window"},
      {[](Args& a) { a.integer(2).integer(0).integer(0).boolean(false); }, "window"},
      {[](Args& a) {
         a.int_list({2, 2}).integer(6).integer(6).boolean(false);
       },
       "low"},
      {[](Args& a) {
         a.int_list({2, 2}).none().integer(0).boolean(false);
       },
       "low"},
      {[](Args& a) {
         a.int_list({2, 2}).integer(3).integer(2).boolean(false);
       },
       "high"},
      {[](Args& a) {
         a.int_list({2, 2}).integer(3).integer(8).boolean(false);
       },
       "high"},
      {[](Args& a) {
         a.int_list({2, 2}).integer(0).integer(0).integer(2);
       },
       "flag"},
      {[](Args& a) {
         a.int_list({2, 2}).integer(0).integer(0).real(1.0);
       },
       "flag"},
  };
  for (const Case& c : cases) {
    Args args;
    c.build(args);
    std::string log;
    EXPECT_EQ(run_logged(&table_op, args, &log), Error::InvalidArgument) << c.argument;
    EXPECT_NE(log.find("test_op"), std::string::npos) << log;
    EXPECT_NE(log.find(c.argument), std::string::npos) << log;
  }
}

// quantized_max_pool2d.out over a 1x1x2x2 input with one argument replaced.
void max_pool_args(Args& args, OwnedTensor& in, OwnedTensor& out, int replaced) {
  args.tensor(in);
  if (replaced == 1)
    args.int_list({2, 2, 1});  // kernel_size of 3 items
  else
    args.int_list({2, 2});
  if (replaced == 2)
    args.int_list({0, 1});  // stride 0
  else
    args.int_list({2, 2});
  args.int_list({0, 0});
  if (replaced == 4)
    args.int_list({1, 0});  // dilation 0
  else
    args.int_list({1, 1});
  if (replaced == 5)
    args.integer(2);  // ceil_mode 2
  else
    args.boolean(false);
  args.integer(3).integer(3);
  args.integer(10);
  if (replaced == 9)
    args.integer(9);  // activation_max below activation_min
  else
    args.integer(127);
  args.out(out);
}

TEST(QuantizedMaxPool2d, HostileArgumentsAreNamed) {
  const std::pair<int, const char*> cases[] = {
      {1, "kernel_size"}, {2, "stride"}, {4, "dilation"}, {5, "ceil_mode"}, {9, "activation_max"}};
  for (const auto& c : cases) {
    OwnedTensor in(ScalarType::Char, {1, 1, 2, 2}, kNhwc);
    OwnedTensor out(ScalarType::Char, {1, 1, 1, 1}, kNhwc);
    Args args;
    max_pool_args(args, in, out, c.first);
    std::string log;
    EXPECT_EQ(run_logged(&quantized_max_pool2d_out, args, &log), Error::InvalidArgument);
    EXPECT_NE(log.find("test_op"), std::string::npos) << log;
    EXPECT_NE(log.find(c.second), std::string::npos) << log;
  }
}

// quantized_conv2d.out, 1x1 kernel over a 1x1x2x2 input, with one argument
// replaced.
void conv_args(Args& args, OwnedTensor* t, int replaced) {
  args.tensor(t[0]).tensor(t[1]).none();
  if (replaced == 3)
    args.int_list({1, 0});  // stride 0
  else
    args.int_list({1, 1});
  if (replaced == 4)
    args.int_list({-1, 0});  // negative padding
  else
    args.int_list({0, 0});
  args.int_list({1, 1});
  if (replaced == 6)
    args.integer(256);  // input_offset out of range
  else
    args.integer(0);
  args.integer(0).tensor(t[2]).tensor(t[3]);
  args.integer(-128);
  if (replaced == 11)
    args.integer(-129);  // activation_max below activation_min
  else
    args.integer(127);
  args.tensor(t[4]).out(t[5]);
}

TEST(QuantizedConv2d, HostileArgumentsAreNamed) {
  const std::pair<int, const char*> cases[] = {
      {3, "stride"}, {4, "padding"}, {6, "input_offset"}, {11, "activation_max"}};
  for (const auto& c : cases) {
    OwnedTensor t[] = {{ScalarType::Char, {1, 1, 2, 2}, kNhwc},
                       {ScalarType::Char, {1, 1, 1, 1}},
                       {ScalarType::Int, {1}},
                       {ScalarType::Int, {1}},
                       {ScalarType::Byte, {0}},
                       {ScalarType::Char, {1, 1, 2, 2}, kNhwc}};
    t[2].set<int32_t>({1 << 30});
    Args args;
    conv_args(args, t, c.first);
    std::string log;
    EXPECT_EQ(run_logged(&quantized_conv2d_out, args, &log), Error::InvalidArgument);
    EXPECT_NE(log.find("test_op"), std::string::npos) << log;
    EXPECT_NE(log.find(c.second), std::string::npos) << log;
  }
}

TEST(QuantizePerTensor, HostileArgumentsAreNamed) {
  struct Case {
    int64_t zero_point, quant_min, quant_max, dtype;
    const char* argument;
  };
  const Case cases[] = {{128, -128, 127, kChar, "zero_point"},
                        {0, 5, 4, kChar, "quant_max"},
                        {0, -128, 127, kChar + 1, "dtype"}};
  for (const Case& c : cases) {
    OwnedTensor in(ScalarType::Float, {2});
    OwnedTensor out(ScalarType::Char, {2});
    Args args;
    args.tensor(in).real(1.0).integer(c.zero_point).integer(c.quant_min).integer(c.quant_max);
    args.integer(c.dtype).out(out);
    std::string log;
    EXPECT_EQ(run_logged(&quantize_per_tensor_out, args, &log), Error::InvalidArgument);
    EXPECT_NE(log.find("test_op"), std::string::npos) << log;
    EXPECT_NE(log.find(c.argument), std::string::npos) << log;
  }
}

}  // namespace
}  // namespace cortex_m
}  // namespace wick
