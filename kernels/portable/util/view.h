// Strided views and the N-operand loop every elementwise, copy and
// broadcast kernel is built on. A View is a tensor's logical shape plus
// element strides (0 for broadcast dimensions), so permute, slice, select and
// expand are just different Views of the same bytes.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/tensor.h"

namespace wick {
namespace portable {

struct View {
  char* data = nullptr;
  ScalarType dtype = ScalarType::Float;
  int rank = 0;
  int64_t sizes[kMaxRank] = {};
  int64_t strides[kMaxRank] = {};  // elements

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < rank; ++d) n *= sizes[d];
    return n;
  }
};

inline View view_of(const Tensor& t) {
  View v;
  v.data = static_cast<char*>(t.data);
  v.dtype = t.dtype;
  v.rank = t.dim;
  for (int d = 0; d < t.dim; ++d) {
    v.sizes[d] = t.sizes[d];
    v.strides[d] = t.strides[d];
  }
  return v;
}

// The broadcast shape of a and b (right-aligned, PyTorch rules) into
// sizes[kMaxRank]; false when a dimension pair is incompatible.
bool broadcast_shapes(const int32_t* a, int rank_a, const int32_t* b, int rank_b,
                      int32_t* sizes, int* rank);

// `t` viewed with shape (rank, sizes): leading dimensions are added and
// size-1 dimensions are stretched with stride 0. False when t does not
// broadcast to that shape.
bool broadcast_view(const Tensor& t, int rank, const int32_t* sizes, View* v);

// Operands of one loop: byte pointers and byte strides over a shared shape,
// with dimensions ordered like operand 0's memory (outermost first) and
// merged where every operand allows it.
template <size_t N>
struct Loop {
  int rank = 0;
  int64_t sizes[kMaxRank] = {};
  char* base[N] = {};
  int64_t strides[N][kMaxRank] = {};
  bool empty = false;
};

// Builds the loop over views[0]'s shape; every view must have that shape.
template <size_t N>
Loop<N> make_loop(const View* const (&views)[N]) {
  Loop<N> loop;
  const View& lead = *views[0];
  int order[kMaxRank];
  int n = 0;
  for (int d = 0; d < lead.rank; ++d) {
    if (lead.sizes[d] == 0) loop.empty = true;
    if (lead.sizes[d] != 1) order[n++] = d;
  }
  // Outermost first: descending |stride| of operand 0 (insertion sort,
  // stable, so equal strides keep logical order).
  for (int i = 1; i < n; ++i) {
    const int d = order[i];
    const int64_t s = lead.strides[d] < 0 ? -lead.strides[d] : lead.strides[d];
    int j = i - 1;
    while (j >= 0) {
      const int64_t sj = lead.strides[order[j]] < 0 ? -lead.strides[order[j]]
                                                     : lead.strides[order[j]];
      if (sj >= s) break;
      order[j + 1] = order[j];
      --j;
    }
    order[j + 1] = d;
  }
  for (size_t k = 0; k < N; ++k) loop.base[k] = views[k]->data;
  for (int i = 0; i < n; ++i) {
    const int d = order[i];
    const int64_t size = lead.sizes[d];
    // Merge into the previous (outer) dimension when contiguous for all.
    bool merge = loop.rank > 0;
    for (size_t k = 0; k < N && merge; ++k) {
      const int64_t elem = static_cast<int64_t>(element_size(views[k]->dtype));
      merge = loop.strides[k][loop.rank - 1] == views[k]->strides[d] * elem * size;
    }
    if (merge) {
      loop.sizes[loop.rank - 1] *= size;
      for (size_t k = 0; k < N; ++k) {
        loop.strides[k][loop.rank - 1] =
            views[k]->strides[d] * static_cast<int64_t>(element_size(views[k]->dtype));
      }
      continue;
    }
    loop.sizes[loop.rank] = size;
    for (size_t k = 0; k < N; ++k) {
      loop.strides[k][loop.rank] =
          views[k]->strides[d] * static_cast<int64_t>(element_size(views[k]->dtype));
    }
    ++loop.rank;
  }
  return loop;
}

// Calls fn(char* const ptrs[N], const int64_t inner_strides[N], int64_t count)
// once per innermost row.
template <size_t N, typename RowFn>
void for_each_row(const Loop<N>& loop, RowFn&& fn) {
  if (loop.empty) return;
  char* ptrs[N];
  for (size_t k = 0; k < N; ++k) ptrs[k] = loop.base[k];
  if (loop.rank == 0) {
    const int64_t zero[N] = {};
    fn(static_cast<char* const*>(ptrs), zero, int64_t{1});
    return;
  }
  const int inner = loop.rank - 1;
  int64_t inner_strides[N];
  for (size_t k = 0; k < N; ++k) inner_strides[k] = loop.strides[k][inner];
  int64_t index[kMaxRank] = {};
  while (true) {
    fn(static_cast<char* const*>(ptrs), static_cast<const int64_t*>(inner_strides),
       loop.sizes[inner]);
    int d = inner - 1;
    for (; d >= 0; --d) {
      ++index[d];
      for (size_t k = 0; k < N; ++k) ptrs[k] += loop.strides[k][d];
      if (index[d] < loop.sizes[d]) break;
      for (size_t k = 0; k < N; ++k) ptrs[k] -= loop.strides[k][d] * loop.sizes[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

}  // namespace portable
}  // namespace wick
