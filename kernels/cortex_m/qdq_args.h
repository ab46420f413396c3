// Checked arguments of cortex_m::quantize_per_tensor.out and
// dequantize_per_tensor.out, which share one schema:
//   (Tensor input, float scale, int zero_point, int quant_min, int quant_max,
//    ScalarType dtype, *, Tensor(a!) out)
// The two bindings differ only in the dtypes of input and out, so the
// unpacking exists once (one copy in flash for a program using both).
#pragma once

#include <stdint.h>

#include "wick/kernel.h"

namespace wick {
namespace cortex_m {

struct PerTensorQdqArgs {
  double scale;
  int32_t zero_point;
  int32_t quant_min;
  int32_t quant_max;
  const Tensor* input;
  Tensor* out;  // resized to input's shape, same dim order
};

// Checks every argument (input of in_dtype, out of out_dtype, dtype Char,
// zero_point and quant_min <= quant_max within int8) or logs, fails ctx and
// returns false.
bool unpack_per_tensor_qdq(KernelContext& ctx, Span<EValue*> args, ScalarType in_dtype,
                           ScalarType out_dtype, PerTensorQdqArgs* a);

}  // namespace cortex_m
}  // namespace wick
