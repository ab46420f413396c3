#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "kernels/prim/op_table.h"
#include "kernels/prim/prim_ops.h"
#include "tests/kernels/portable/kernel_test_util.h"

namespace wick {
namespace {

using testing::ArgList;
using testing::TestTensor;
using testing::run_kernel;

// Runs a binary scalar prim op and returns the result EValue.
EValue binary(OpFunction fn, EValue a, EValue b, Error* error = nullptr) {
  ArgList args;
  auto push = [&](const EValue& v) {
    if (v.is_int()) args.integer(v.to_int());
    else if (v.is_double()) args.dbl(v.to_double());
    else args.boolean(v.to_bool());
  };
  push(a);
  push(b);
  args.none();
  const Error e = run_kernel(fn, args);
  if (error != nullptr) *error = e;
  else EXPECT_EQ(e, Error::Ok);
  return args.at(2);
}

EValue I(int64_t v) { return EValue::from_int(v); }
EValue D(double v) { return EValue::from_double(v); }

TEST(PrimOps, TableHasEveryDocumentedName) {
  const char* names[] = {"aten::sym_size.int", "aten::sym_numel",
                         "executorch_prim::et_view.default", "executorch_prim::add.Scalar",
                         "executorch_prim::floordiv.int", "executorch_prim::mod.int",
                         "executorch_prim::truediv.Scalar", "executorch_prim::sym_ite.Scalar"};
  const OpTable table = prim::op_table();
  for (const char* name : names) {
    bool found = false;
    for (const OpEntry& e : table) found = found || std::strcmp(e.name, name) == 0;
    EXPECT_TRUE(found) << name;
  }
}

TEST(PrimOps, SymSizeAndNumel) {
  TestTensor t(ScalarType::Float, {2, 3, 5});
  ArgList a;
  a.tensor(t).integer(-1).none();
  ASSERT_EQ(run_kernel(&prim::sym_size_int, a), Error::Ok);
  ASSERT_TRUE(a.at(2).is_int());
  EXPECT_EQ(a.at(2).to_int(), 5);

  ArgList bad;
  bad.tensor(t).integer(3).none();
  EXPECT_EQ(run_kernel(&prim::sym_size_int, bad), Error::InvalidArgument);

  ArgList n;
  n.tensor(t).none();
  ASSERT_EQ(run_kernel(&prim::sym_numel, n), Error::Ok);
  EXPECT_EQ(n.at(1).to_int(), 30);
}

TEST(PrimOps, IntArithmeticStaysInt) {
  EValue r = binary(&prim::add_scalar, I(2), I(3));
  ASSERT_TRUE(r.is_int());
  EXPECT_EQ(r.to_int(), 5);
  r = binary(&prim::mul_scalar, I(-4), I(3));
  EXPECT_EQ(r.to_int(), -12);
  r = binary(&prim::sub_scalar, I(1), D(0.5));
  ASSERT_TRUE(r.is_double());
  EXPECT_DOUBLE_EQ(r.to_double(), 0.5);
}

TEST(PrimOps, PythonFloorDivisionAndModulo) {
  EXPECT_EQ(binary(&prim::floordiv_int, I(-7), I(2)).to_int(), -4);
  EXPECT_EQ(binary(&prim::floordiv_scalar, I(7), I(-2)).to_int(), -4);
  EXPECT_EQ(binary(&prim::mod_int, I(-7), I(3)).to_int(), 2);
  EXPECT_EQ(binary(&prim::mod_scalar, I(7), I(-3)).to_int(), -2);
  EValue f = binary(&prim::floordiv_scalar, D(-7.5), I(2));
  ASSERT_TRUE(f.is_double());
  EXPECT_DOUBLE_EQ(f.to_double(), -4.0);
  EXPECT_DOUBLE_EQ(binary(&prim::mod_scalar, D(-1.0), D(3.0)).to_double(), 2.0);
  EValue t = binary(&prim::truediv_scalar, I(7), I(2));
  ASSERT_TRUE(t.is_double());
  EXPECT_DOUBLE_EQ(t.to_double(), 3.5);
}

TEST(PrimOps, DivisionByZeroFails) {
  Error e = Error::Ok;
  binary(&prim::floordiv_int, I(1), I(0), &e);
  EXPECT_EQ(e, Error::InvalidArgument);
  binary(&prim::mod_scalar, D(1), D(0), &e);
  EXPECT_EQ(e, Error::InvalidArgument);
  binary(&prim::truediv_scalar, I(1), I(0), &e);
  EXPECT_EQ(e, Error::InvalidArgument);
}

TEST(PrimOps, FloordivIntRejectsDoubles) {
  Error e = Error::Ok;
  binary(&prim::floordiv_int, D(1.5), I(1), &e);
  EXPECT_EQ(e, Error::InvalidArgument);
}

TEST(PrimOps, Comparisons) {
  EValue r = binary(&prim::lt_scalar, I(2), D(2.5));
  ASSERT_TRUE(r.is_bool());
  EXPECT_TRUE(r.to_bool());
  EXPECT_FALSE(binary(&prim::gt_scalar, I(2), I(2)).to_bool());
  EXPECT_TRUE(binary(&prim::ge_scalar, I(2), I(2)).to_bool());
  EXPECT_TRUE(binary(&prim::eq_scalar, I(3), D(3.0)).to_bool());
  EXPECT_FALSE(binary(&prim::le_scalar, D(NAN), D(1.0)).to_bool());
  // Large int64 values compare exactly, not through double.
  EXPECT_FALSE(binary(&prim::eq_scalar, I((int64_t{1} << 53) + 1), I(int64_t{1} << 53)).to_bool());
}

TEST(PrimOps, SymMaxMin) {
  EXPECT_EQ(binary(&prim::sym_max_scalar, I(3), I(9)).to_int(), 9);
  EXPECT_EQ(binary(&prim::sym_min_scalar, I(3), I(9)).to_int(), 3);
  EXPECT_DOUBLE_EQ(binary(&prim::sym_max_scalar, I(3), D(2.5)).to_double(), 3.0);
}

EValue unary(OpFunction fn, EValue a, Error* error = nullptr) {
  ArgList args;
  if (a.is_int()) args.integer(a.to_int());
  else if (a.is_double()) args.dbl(a.to_double());
  else args.boolean(a.to_bool());
  args.none();
  const Error e = run_kernel(fn, args);
  if (error != nullptr) *error = e;
  else EXPECT_EQ(e, Error::Ok);
  return args.at(1);
}

TEST(PrimOps, UnaryScalarOps) {
  EXPECT_EQ(unary(&prim::neg_scalar, I(4)).to_int(), -4);
  EXPECT_DOUBLE_EQ(unary(&prim::neg_scalar, D(1.5)).to_double(), -1.5);
  EXPECT_EQ(unary(&prim::ceil_scalar, D(1.2)).to_int(), 2);
  EXPECT_EQ(unary(&prim::ceil_scalar, D(-1.2)).to_int(), -1);
  EXPECT_EQ(unary(&prim::trunc_scalar, D(-1.7)).to_int(), -1);
  EXPECT_EQ(unary(&prim::round_scalar, D(2.5)).to_int(), 2);  // half to even
  EXPECT_EQ(unary(&prim::round_scalar, D(3.5)).to_int(), 4);
  EXPECT_EQ(unary(&prim::sym_int_scalar, D(-2.9)).to_int(), -2);
  EValue f = unary(&prim::sym_float_scalar, I(3));
  ASSERT_TRUE(f.is_double());
  EXPECT_DOUBLE_EQ(f.to_double(), 3.0);
  EXPECT_FALSE(unary(&prim::sym_not_scalar, EValue::from_bool(true)).to_bool());
  Error e = Error::Ok;
  unary(&prim::ceil_scalar, D(NAN), &e);
  EXPECT_EQ(e, Error::InvalidArgument);
}

TEST(PrimOps, SymIte) {
  ArgList a;
  a.boolean(false).integer(1).dbl(2.5).none();
  ASSERT_EQ(run_kernel(&prim::sym_ite_scalar, a), Error::Ok);
  EXPECT_DOUBLE_EQ(a.at(3).to_double(), 2.5);
}

TEST(PrimOps, WrongArgumentCountFails) {
  ArgList a;
  a.integer(1).none();
  EXPECT_EQ(run_kernel(&prim::add_scalar, a), Error::InvalidArgument);
}

TEST(PrimOps, EtViewAliasesData) {
  TestTensor self(ScalarType::Float, {2, 6});
  self.setf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  TestTensor out(ScalarType::Float, {3, 4});
  ArgList a;
  a.tensor(self).int_list({3, -1}).tensor(out);
  ASSERT_EQ(run_kernel(&prim::et_view, a), Error::Ok);
  EXPECT_EQ(out.t().data, self.t().data);
  EXPECT_EQ(out.shape(), (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(out.values()[5], 5.0);
}

TEST(PrimOps, EtViewResizesDynamicOutput) {
  TestTensor self(ScalarType::Int, {4});
  TestTensor out(ScalarType::Int, {8, 8}, {}, ShapeDynamism::DynamicBound);
  ArgList a;
  a.tensor(self).int_list({2, 2}).tensor(out);
  ASSERT_EQ(run_kernel(&prim::et_view, a), Error::Ok);
  EXPECT_EQ(out.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(out.t().numel, 4u);
}

TEST(PrimOps, EtViewRejectsWrongNumel) {
  TestTensor self(ScalarType::Float, {2, 6});
  TestTensor out(ScalarType::Float, {5, 2});
  ArgList a;
  a.tensor(self).int_list({5, 2}).tensor(out);
  EXPECT_EQ(run_kernel(&prim::et_view, a), Error::InvalidArgument);
  TestTensor out_i(ScalarType::Int, {3, 4});
  ArgList b;
  b.tensor(self).int_list({3, 4}).tensor(out_i);
  EXPECT_EQ(run_kernel(&prim::et_view, b), Error::InvalidArgument);
}

TEST(PrimOps, LocalScalarDense) {
  TestTensor f(ScalarType::Float, {1});
  f.setf({2.5f});
  ArgList a;
  a.tensor(f).none();
  ASSERT_EQ(run_kernel(&prim::local_scalar_dense, a), Error::Ok);
  EXPECT_DOUBLE_EQ(a.at(1).to_double(), 2.5);
  TestTensor l(ScalarType::Long, {1, 1});
  l.seti({-9});
  ArgList b;
  b.tensor(l).none();
  ASSERT_EQ(run_kernel(&prim::local_scalar_dense, b), Error::Ok);
  EXPECT_EQ(b.at(1).to_int(), -9);
  TestTensor two(ScalarType::Float, {2});
  ArgList c;
  c.tensor(two).none();
  EXPECT_EQ(run_kernel(&prim::local_scalar_dense, c), Error::InvalidArgument);
}

TEST(PrimOps, EtCopyIndexGrowsDynamicDestination) {
  TestTensor to(ScalarType::Float, {0, 2}, {}, ShapeDynamism::DynamicBound, 6);
  TestTensor row(ScalarType::Float, {2});
  for (int i = 0; i < 3; ++i) {
    row.setf({static_cast<float>(i), static_cast<float>(10 * i)});
    ArgList a;
    a.tensor(to).tensor(row).integer(i);
    ASSERT_EQ(run_kernel(&prim::et_copy_index, a), Error::Ok);
  }
  EXPECT_EQ(to.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(to.values(), (std::vector<double>{0, 0, 1, 10, 2, 20}));
  ArgList over;
  over.tensor(to).tensor(row).integer(3);
  EXPECT_EQ(run_kernel(&prim::et_copy_index, over), Error::InvalidArgument);
}

}  // namespace
}  // namespace wick
