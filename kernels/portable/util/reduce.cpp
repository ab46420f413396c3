#include "kernels/portable/util/reduce.h"

#include "kernels/portable/util/args.h"
#include "kernels/portable/util/shape.h"

namespace wick {
namespace portable {

bool plan_reduction(KernelContext& ctx, const Tensor& self, bool has_dims,
                    Span<const int64_t> dims, bool keepdim, Tensor& out, bool allow_empty,
                    ReducePlan* plan) {
  const int rank = self.dim;
  bool* reduce = plan->reduce;
  if (!has_dims || dims.size() == 0) {
    for (int d = 0; d < rank; ++d) reduce[d] = true;
  } else {
    for (size_t i = 0; i < dims.size(); ++i) {
      int d = 0;
      if (!wrap_dim(ctx, dims[i], rank, &d)) return false;
      if (rank > 0 && reduce[d]) {
        return fail_invalid(ctx, "dim %d appears more than once in the reduction list", d);
      }
      if (rank > 0) reduce[d] = true;
    }
  }
  int32_t out_sizes[kMaxRank];
  int out_rank = 0;
  int64_t block = 1;
  for (int d = 0; d < rank; ++d) {
    if (reduce[d]) {
      block *= self.sizes[d];
      if (keepdim) out_sizes[out_rank++] = 1;
    } else {
      out_sizes[out_rank++] = self.sizes[d];
    }
  }
  if (!allow_empty && block == 0) {
    return fail_invalid(ctx, "cannot reduce over an empty dimension without an identity");
  }
  if (!resize_output(ctx, out, out_sizes, out_rank)) return false;
  plan->block_size = block;

  // out viewed with self's rank (reduced dims size 1), and self with its
  // reduced dims collapsed to their first element.
  const View in = view_of(self);
  const View o = view_of(out);
  View out_full;
  out_full.data = o.data;
  out_full.dtype = o.dtype;
  out_full.rank = rank;
  View in_outer = in;
  View in_block;
  in_block.data = in.data;
  in_block.dtype = in.dtype;
  for (int d = 0, k = 0; d < rank; ++d) {
    if (reduce[d]) {
      out_full.sizes[d] = 1;
      out_full.strides[d] = 0;
      if (keepdim) ++k;
      in_outer.sizes[d] = 1;
      in_block.sizes[in_block.rank] = in.sizes[d];
      in_block.strides[in_block.rank] = in.strides[d];
      ++in_block.rank;
    } else {
      out_full.sizes[d] = o.sizes[k];
      out_full.strides[d] = o.strides[k];
      ++k;
    }
  }
  const View* outer_views[2] = {&out_full, &in_outer};
  plan->outer = make_loop(outer_views);
  plan->block = in_block;
  const View* block_views[1] = {&in_block};
  plan->inner = make_loop(block_views);
  // An empty self still yields one block per output element (the identity).
  plan->inner.empty = block == 0;
  return true;
}

}  // namespace portable
}  // namespace wick
