// Tensor: a non-owning view of typed, strided memory.
//
// sizes are logical (NCHW order for images); dim_order lists dimensions from
// outermost to innermost in memory ([0,1,2,3] contiguous, [0,2,3,1] channels
// last) and strides are derived from both. The runtime owns the metadata
// arrays (in the method arena); kernels may change sizes only through
// resize(), which enforces the bound recorded at load.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/error.h"
#include "wick/scalar_type.h"
#include "wick/span.h"

namespace wick {

constexpr int kMaxRank = 16;

enum class ShapeDynamism : uint8_t { Static = 0, DynamicBound = 1, DynamicUnbound = 2 };

struct Tensor {
  void* data = nullptr;
  int32_t* sizes = nullptr;       // [dim]
  uint8_t* dim_order = nullptr;   // [dim]
  int32_t* strides = nullptr;     // [dim], in elements
  size_t numel = 0;
  size_t numel_bound = 0;  // largest numel the storage holds (== numel when static)
  ScalarType dtype = ScalarType::Float;
  uint8_t dim = 0;
  ShapeDynamism dynamism = ShapeDynamism::Static;

  size_t element_size() const { return wick::element_size(dtype); }
  size_t nbytes() const { return numel * element_size(); }
  int32_t size(int d) const { return sizes[d]; }
  template <typename T>
  T* data_as() const {
    return static_cast<T*>(data);
  }

  bool is_contiguous() const {
    for (uint8_t i = 0; i < dim; ++i) {
      if (dim_order[i] != i) return false;
    }
    return true;
  }
  // True for rank-4 [0,2,3,1] and rank-5 [0,2,3,4,1].
  bool is_channels_last() const {
    if (dim < 4 || dim > 5 || dim_order[0] != 0 || dim_order[dim - 1] != 1) return false;
    for (uint8_t i = 1; i + 1 < dim; ++i) {
      if (dim_order[i] != i + 1) return false;
    }
    return true;
  }
};

// Recomputes strides from sizes and dim_order (the .pte rule: a size-0
// dimension passes its stride through unchanged).
inline void compute_strides(const int32_t* sizes, const uint8_t* dim_order, int dim,
                            int32_t* strides) {
  if (dim == 0) return;
  int32_t stride = 1;
  strides[dim_order[dim - 1]] = 1;
  for (int i = dim - 2; i >= 0; --i) {
    const int32_t inner = sizes[dim_order[i + 1]];
    if (inner != 0) stride *= inner;
    strides[dim_order[i]] = stride;
  }
}

// Product of sizes; returns false on overflow or a negative size.
inline bool checked_numel(const int32_t* sizes, int dim, size_t* numel) {
  size_t n = 1;
  for (int i = 0; i < dim; ++i) {
    if (sizes[i] < 0) return false;
    const size_t s = static_cast<size_t>(sizes[i]);
    if (s != 0 && n > static_cast<size_t>(-1) / s) return false;
    n *= s;
  }
  *numel = n;
  return true;
}

// Strides are int32 and skip size-0 dimensions, so the product of the
// non-zero sizes must fit in int32 (numel alone can be 0 and fit anything).
inline bool strides_fit(const int32_t* sizes, int dim) {
  int64_t product = 1;
  for (int i = 0; i < dim; ++i) {
    if (sizes[i] > 0) product *= sizes[i];
    if (product > INT32_MAX) return false;
  }
  return true;
}

// Sets new sizes (same rank). Static tensors accept only their own shape;
// dynamic-bound tensors accept any shape whose numel fits the bound.
inline Error resize(Tensor& t, Span<const int32_t> new_sizes) {
  if (new_sizes.size() != t.dim) return Error::InvalidArgument;
  size_t numel = 0;
  if (!checked_numel(new_sizes.data(), t.dim, &numel) || !strides_fit(new_sizes.data(), t.dim)) {
    return Error::InvalidArgument;
  }
  bool same = true;
  for (uint8_t i = 0; i < t.dim; ++i) same = same && (new_sizes[i] == t.sizes[i]);
  if (same) return Error::Ok;
  if (t.dynamism == ShapeDynamism::Static || numel > t.numel_bound) return Error::InvalidArgument;
  for (uint8_t i = 0; i < t.dim; ++i) t.sizes[i] = new_sizes[i];
  t.numel = numel;
  compute_strides(t.sizes, t.dim_order, t.dim, t.strides);
  return Error::Ok;
}

// resize() for shapes held as int64 (kernel arguments arrive as int64).
inline Error resize(Tensor& t, Span<const int64_t> new_sizes) {
  int32_t narrow[kMaxRank];
  if (new_sizes.size() > static_cast<size_t>(kMaxRank)) return Error::InvalidArgument;
  for (size_t i = 0; i < new_sizes.size(); ++i) {
    if (new_sizes[i] < 0 || new_sizes[i] > INT32_MAX) return Error::InvalidArgument;
    narrow[i] = static_cast<int32_t>(new_sizes[i]);
  }
  return resize(t, Span<const int32_t>(narrow, new_sizes.size()));
}

}  // namespace wick

namespace wick {

// Copies src into dst element by element, honouring both tensors' strides
// (so it converts between dim orders). Sizes and dtype must match.
Error copy_tensor_data(const Tensor& src, Tensor& dst);

}  // namespace wick
