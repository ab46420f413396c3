// Shape checks shared by AVG_POOL2D and MAX_POOL2D.
#pragma once

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {

struct PoolWindow {
  int32_t n, ih, iw, c, oh, ow;
  int32_t kernel_y, kernel_x, stride_y, stride_x, pad_top, pad_left;
};

// kernel/stride >= 1, 0 <= pad < kernel, OH = idiv_check(IH + pt + pb - KH, sy) + 1.
template <typename Attr>
Error check_pool_window(const OpArgs& args, const Attr& attr, PoolWindow* w) {
  const TensorRef& in = args.in(0);
  const TensorRef& out = args.out();
  WICK_TRY(expect_rank(args, in, 4, "input"));
  WICK_TRY(expect_rank(args, out, 4, "output"));
  int32_t kernel[2], stride[2], pad[4];
  WICK_TRY(attribute_ints(args, attr.kernel(), 2, "kernel", kernel));
  WICK_TRY(attribute_ints(args, attr.stride(), 2, "stride", stride));
  WICK_TRY(attribute_ints(args, attr.pad(), 4, "pad", pad));
  if (kernel[0] < 1 || kernel[1] < 1 || stride[0] < 1 || stride[1] < 1) {
    return op_error(args, "kernel and stride must be >= 1");
  }
  for (int i = 0; i < 4; ++i) {
    if (pad[i] < 0 || pad[i] >= kernel[i / 2]) return op_error(args, "pad must be in [0, kernel)");
  }
  *w = PoolWindow{in.shape[0], in.shape[1], in.shape[2], in.shape[3], out.shape[1], out.shape[2],
                  kernel[0],   kernel[1],   stride[0],   stride[1],   pad[0],       pad[2]};
  const int64_t span_y = int64_t{w->ih} + pad[0] + pad[1] - kernel[0];
  const int64_t span_x = int64_t{w->iw} + pad[2] + pad[3] - kernel[1];
  if (out.shape[0] != w->n || out.shape[3] != w->c || span_y < 0 || span_x < 0 ||
      span_y % stride[0] != 0 || span_x % stride[1] != 0 || span_y / stride[0] + 1 != w->oh ||
      span_x / stride[1] + 1 != w->ow) {
    return op_error(args, "input %s and output %s disagree with the window", ShapeText(in).c_str(),
                    ShapeText(out).c_str());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
