// Dimension and shape argument checks shared by layout ops.
#pragma once

#include <stdint.h>

#include "kernels/portable/util/args.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

// PyTorch maybe_wrap_dim: dim in [-rank, rank) (a rank-0 tensor accepts -1
// and 0). `what` names the argument in the log.
inline bool wrap_dim(KernelContext& ctx, int64_t dim, int rank, int* out,
                     const char* what = "dim") {
  const int64_t r = rank > 0 ? rank : 1;
  if (dim < -r || dim >= r) {
    return fail_invalid(ctx, "%s %lld out of range for a rank-%d tensor", what,
                        static_cast<long long>(dim), rank);
  }
  *out = static_cast<int>(dim < 0 ? dim + r : dim);
  return true;
}

// Narrows int64 sizes to int32, rejecting negatives and oversized values.
inline bool sizes_from_list(KernelContext& ctx, Span<const int64_t> list, int32_t* sizes) {
  if (list.size() > static_cast<size_t>(kMaxRank)) {
    return fail_invalid(ctx, "%lu dimensions exceed the limit of %d",
                        static_cast<unsigned long>(list.size()), kMaxRank);
  }
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i] < 0 || list[i] > INT32_MAX) {
      return fail_invalid(ctx, "invalid size %lld at position %lu",
                          static_cast<long long>(list[i]), static_cast<unsigned long>(i));
    }
    sizes[i] = static_cast<int32_t>(list[i]);
  }
  return true;
}

// Fills sizes from `size`, inferring a single -1 so the count matches numel.
inline bool infer_view_sizes(KernelContext& ctx, Span<const int64_t> size, size_t numel,
                      int32_t* sizes) {
  if (size.size() > static_cast<size_t>(kMaxRank)) {
    return fail_invalid(ctx, "size has too many dimensions");
  }
  int infer = -1;
  size_t known = 1;
  for (size_t i = 0; i < size.size(); ++i) {
    if (size[i] == -1 && infer < 0) {
      infer = static_cast<int>(i);
      sizes[i] = 1;
      continue;
    }
    if (size[i] < 0 || size[i] > INT32_MAX) {
      return fail_invalid(ctx, "invalid size %lld at position %lu",
                          static_cast<long long>(size[i]), static_cast<unsigned long>(i));
    }
    sizes[i] = static_cast<int32_t>(size[i]);
    known *= static_cast<size_t>(sizes[i]);
  }
  if (infer >= 0) {
    if (known == 0 || numel % known != 0 || numel / known > INT32_MAX) {
      return fail_invalid(ctx, "cannot infer -1 in size for %lu elements",
                          static_cast<unsigned long>(numel));
    }
    sizes[infer] = static_cast<int32_t>(numel / known);
    known = numel;
  }
  if (known != numel) {
    return fail_invalid(ctx, "shape with %lu elements is invalid for input of size %lu",
                        static_cast<unsigned long>(known), static_cast<unsigned long>(numel));
  }
  return true;
}

}  // namespace portable
}  // namespace wick
