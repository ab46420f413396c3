// Result-type and alpha checks shared by add/sub/mul/div-style bindings.
#pragma once

#include "kernels/portable/util/args.h"
#include "kernels/portable/util/promote.h"
#include "kernels/portable/util/scalar.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

// PyTorch's alpha rules: no floating alpha for integral results, no bool
// alpha for non-bool results.
inline bool check_alpha(KernelContext& ctx, ScalarType common, const Scalar& alpha) {
  if (is_integral(common, true) && alpha.is_floating()) {
    return fail_invalid(ctx, "floating alpha with integral inputs (result %s)",
                        scalar_type_name(common));
  }
  if (alpha.is_bool() && common != ScalarType::Bool) {
    return fail_invalid(ctx, "bool alpha with a non-bool result (%s)", scalar_type_name(common));
  }
  return true;
}

inline ScalarType result_type(const Tensor& a, const Tensor& b) {
  ResultType r;
  r.add_tensor(a);
  r.add_tensor(b);
  return r.get();
}

inline ScalarType result_type(const Tensor& a, const Scalar& b) {
  ResultType r;
  r.add_tensor(a);
  r.add_scalar(b);
  return r.get();
}

}  // namespace portable
}  // namespace wick
