// PyTorch type promotion (c10::promoteTypes and at::result_type) for the
// dtypes the portable kernels support.
#pragma once

#include "kernels/portable/util/scalar.h"
#include "wick/scalar_type.h"
#include "wick/tensor.h"

namespace wick {
namespace portable {

// c10::promoteTypes over the dtypes the kernels support (others come back
// unchanged; bindings reject them before promoting).
ScalarType promote_types(ScalarType a, ScalarType b);

// PyTorch's canCast: floating results never go into integral outputs and
// non-bool results never go into bool outputs.
bool can_cast(ScalarType from, ScalarType to);

// at::result_type state: dimensioned tensors outrank zero-dim tensors, which
// outrank Python scalars, unless a lower group is of a higher category
// (bool < integral < floating).
class ResultType {
 public:
  void add_tensor(const Tensor& t);
  void add_scalar(const Scalar& s);
  ScalarType get() const;

 private:
  static void promote_into(ScalarType t, bool* has, ScalarType* acc);
  bool has_dim_ = false, has_zero_ = false, has_wrapped_ = false;
  ScalarType dim_ = ScalarType::Bool, zero_ = ScalarType::Bool, wrapped_ = ScalarType::Bool;
};

}  // namespace portable
}  // namespace wick
