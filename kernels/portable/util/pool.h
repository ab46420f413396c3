// Shared argument handling for 2-D pooling over [C, H, W] or [N, C, H, W]
// inputs of any dim order (elements are addressed through strides).
#pragma once

#include <stdint.h>

#include "kernels/portable/util/args.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

struct Pool2dParams {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  bool ceil_mode = false;
  int64_t out_h = 0, out_w = 0;
};

// Reads an int[2] argument; one entry broadcasts, and an empty list takes
// `fallback_h/w` (stride=[] means stride = kernel_size).
bool read_pool_pair(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name,
                    int64_t fallback_h, int64_t fallback_w, int64_t min_value, int64_t* h,
                    int64_t* w);

// PyTorch pooling_output_shape for one dimension (0 or negative: invalid).
int64_t pool_output_size(int64_t in, int64_t kernel, int64_t pad, int64_t stride,
                         int64_t dilation, bool ceil_mode);

// Checks input rank (3 or 4), padding <= kernel / 2, computes out_h/out_w
// and resizes out to [.., C, out_h, out_w].
bool plan_pool2d(KernelContext& ctx, const Tensor& input, Pool2dParams* p, Tensor& out);

}  // namespace portable
}  // namespace wick
