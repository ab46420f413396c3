// Shared binding steps for broadcasting binary ops (Tensor-Tensor and
// Tensor-Scalar): check dtypes, compute the broadcast shape, resize out and
// build the 3-operand loop. A Scalar operand becomes a stride-0 view of a
// value held in ScalarBox, so both variants run the same math.
#pragma once

#include "kernels/portable/util/args.h"
#include "kernels/portable/util/dtype.h"
#include "kernels/portable/util/scalar.h"
#include "kernels/portable/util/view.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

// Storage for a scalar operand converted to a dtype.
struct ScalarBox {
  alignas(8) unsigned char bytes[8] = {};
  ScalarType dtype = ScalarType::Long;
};

// Stores `s` in `compute` (float32 when compute is float16/bfloat16, so the
// scalar keeps float precision as PyTorch's opmath does).
ScalarBox box_scalar(const Scalar& s, ScalarType compute);

// Stores `s` in exactly `dtype` (what a fill writes).
ScalarBox box_scalar_as(const Scalar& s, ScalarType dtype);

struct BinaryPlan {
  Loop<3> loop;
  ScalarType out_t, a_t, b_t;
};

// out = f(a, b) with broadcasting. Fails on unsupported dtypes, shapes that
// do not broadcast or an output that cannot take the broadcast shape.
bool plan_binary(KernelContext& ctx, const Tensor& a, const Tensor& b, Tensor& out,
                 BinaryPlan* plan);
// out = f(a, scalar): b is the boxed scalar.
bool plan_binary_scalar(KernelContext& ctx, const Tensor& a, const ScalarBox& b, Tensor& out,
                        BinaryPlan* plan);
// out = f(a) (same shape).
bool plan_unary(KernelContext& ctx, const Tensor& a, Tensor& out, Loop<2>* loop);

// True when any element of t is zero (integer divisors are checked first).
bool has_zero(const Tensor& t);

// Fails unless `common` may be written into out (PyTorch canCast).
bool check_can_cast(KernelContext& ctx, ScalarType common, const Tensor& out);

}  // namespace portable
}  // namespace wick
