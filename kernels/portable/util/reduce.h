// Reductions over a set of dimensions. The plan pairs every output element
// with the base of its reduced block in self; an inner loop then walks the
// block's elements (over the reduced dims, in memory order).
#pragma once

#include <stdint.h>

#include "kernels/portable/util/view.h"
#include "wick/kernel.h"

namespace wick {
namespace portable {

struct ReducePlan {
  Loop<2> outer;    // operand 0: out element, operand 1: block base in self
  Loop<1> inner;    // the reduced block, relative to its base (memory order)
  View block;       // the reduced block in logical order (data unused)
  int64_t block_size = 1;  // elements per block
  bool reduce[kMaxRank] = {};
};

// Marks the reduced dims of self from an optional dim list (absent or empty:
// all dims, as sum/mean/amax do), computes out's shape and resizes out
// (keepdim keeps reduced dims as size 1). Fails on bad dims or out shape.
// allow_empty=false rejects an empty block (amax of nothing).
bool plan_reduction(KernelContext& ctx, const Tensor& self, bool has_dims,
                    Span<const int64_t> dims, bool keepdim, Tensor& out, bool allow_empty,
                    ReducePlan* plan);

// fn(char* out_element, const char* block_base) for every output element.
template <typename Fn>
void for_each_block(const ReducePlan& plan, Fn&& fn) {
  for_each_row(plan.outer, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) fn(p[0] + i * s[0], p[1] + i * s[1]);
  });
}

// fn(const char* element) for every element of the block at base, in
// memory order (for order-independent reductions).
template <typename Fn>
void for_each_in_block(const ReducePlan& plan, const char* base, Fn&& fn) {
  Loop<1> loop = plan.inner;
  loop.base[0] = const_cast<char*>(base);
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) fn(p[0] + i * s[0]);
  });
}

// fn(const char* element, int64_t index) for every element of the block at
// base, in logical (row-major over the reduced dims) order; index counts
// from 0 (what argmax reports).
template <typename Fn>
void for_each_in_block_logical(const ReducePlan& plan, const char* base, Fn&& fn) {
  const View& b = plan.block;
  if (plan.block_size == 0) return;
  const int64_t es = static_cast<int64_t>(element_size(b.dtype));
  int64_t idx[kMaxRank] = {};
  int64_t offset = 0;
  for (int64_t k = 0; k < plan.block_size; ++k) {
    fn(base + offset * es, k);
    for (int d = b.rank - 1; d >= 0; --d) {
      offset += b.strides[d];
      if (++idx[d] < b.sizes[d]) break;
      offset -= b.strides[d] * b.sizes[d];
      idx[d] = 0;
    }
  }
}

}  // namespace portable
}  // namespace wick
