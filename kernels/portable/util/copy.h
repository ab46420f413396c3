// Copies and fills between strided views, converting dtypes with PyTorch's
// cast rules. Every layout op (permute, slice, cat, pad, ...) builds Views
// and calls these.
#pragma once

#include "kernels/portable/util/scalar.h"
#include "kernels/portable/util/view.h"

namespace wick {
namespace portable {

// dst[i] = src[i] elementwise; both views have the same shape.
void copy_view(const View& dst, const View& src);

// dst = src where the shapes differ but the element counts match: elements
// pair up in logical (row-major) order, as reshape does.
void copy_reshaped(const View& dst, const View& src);

// Every element of dst = value (cast to dst's dtype).
void fill_view(const View& dst, const Scalar& value);

// The same view with dimension `dim` narrowed to [start, start + length)
// (step elements apart).
View narrow_view(const View& v, int dim, int64_t start, int64_t length, int64_t step = 1);

// The same view with dimension `dim` removed at `index`.
View select_view(const View& v, int dim, int64_t index);

// Contiguous (row-major) view of `data` with the given shape.
View contiguous_view(char* data, ScalarType dtype, int rank, const int64_t* sizes);

}  // namespace portable
}  // namespace wick
