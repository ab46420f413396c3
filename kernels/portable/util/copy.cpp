#include "kernels/portable/util/copy.h"

#include <string.h>

#include "kernels/portable/util/binary.h"
#include "kernels/portable/util/dtype.h"

namespace wick {
namespace portable {
namespace {

template <typename Word>
void copy_words(char* const* p, const int64_t* s, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    memcpy(p[0] + i * s[0], p[1] + i * s[1], sizeof(Word));
  }
}

void copy_converting(char* dst, ScalarType dt, const char* src, ScalarType st) {
  if (is_floating(st)) {
    store_as<double>(dst, dt, load_double(src, st));
  } else {
    store_as<int64_t>(dst, dt, load_int64(src, st));
  }
}

}  // namespace

void copy_view(const View& dst, const View& src) {
  const View* views[2] = {&dst, &src};
  const Loop<2> loop = make_loop(views);
  const int64_t es = static_cast<int64_t>(element_size(dst.dtype));
  if (dst.dtype != src.dtype) {
    for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        copy_converting(p[0] + i * s[0], dst.dtype, p[1] + i * s[1], src.dtype);
      }
    });
    return;
  }
  for_each_row(loop, [&](char* const* p, const int64_t* s, int64_t n) {
    if (s[0] == es && s[1] == es) {
      memmove(p[0], p[1], static_cast<size_t>(n * es));
      return;
    }
    switch (es) {
      case 1: copy_words<uint8_t>(p, s, n); break;
      case 2: copy_words<uint16_t>(p, s, n); break;
      case 4: copy_words<uint32_t>(p, s, n); break;
      default: copy_words<uint64_t>(p, s, n); break;
    }
  });
}

void copy_reshaped(const View& dst, const View& src) {
  const int64_t n = dst.numel();
  int64_t di[kMaxRank] = {};
  int64_t si[kMaxRank] = {};
  const size_t des = element_size(dst.dtype);
  const size_t ses = element_size(src.dtype);
  for (int64_t k = 0; k < n; ++k) {
    int64_t doff = 0;
    int64_t soff = 0;
    for (int d = 0; d < dst.rank; ++d) doff += di[d] * dst.strides[d];
    for (int d = 0; d < src.rank; ++d) soff += si[d] * src.strides[d];
    char* dp = dst.data + doff * static_cast<int64_t>(des);
    const char* sp = src.data + soff * static_cast<int64_t>(ses);
    if (dst.dtype == src.dtype) {
      memcpy(dp, sp, des);
    } else {
      copy_converting(dp, dst.dtype, sp, src.dtype);
    }
    for (int d = dst.rank - 1; d >= 0 && ++di[d] == dst.sizes[d]; --d) di[d] = 0;
    for (int d = src.rank - 1; d >= 0 && ++si[d] == src.sizes[d]; --d) si[d] = 0;
  }
}

void fill_view(const View& dst, const Scalar& value) {
  ScalarBox box = box_scalar_as(value, dst.dtype);
  View src = dst;
  src.data = reinterpret_cast<char*>(box.bytes);
  for (int d = 0; d < src.rank; ++d) src.strides[d] = 0;
  copy_view(dst, src);
}

View narrow_view(const View& v, int dim, int64_t start, int64_t length, int64_t step) {
  View r = v;
  r.data += start * v.strides[dim] * static_cast<int64_t>(element_size(v.dtype));
  r.sizes[dim] = length;
  r.strides[dim] = v.strides[dim] * step;
  return r;
}

View select_view(const View& v, int dim, int64_t index) {
  View r;
  r.data = v.data + index * v.strides[dim] * static_cast<int64_t>(element_size(v.dtype));
  r.dtype = v.dtype;
  r.rank = v.rank - 1;
  for (int d = 0, k = 0; d < v.rank; ++d) {
    if (d == dim) continue;
    r.sizes[k] = v.sizes[d];
    r.strides[k] = v.strides[d];
    ++k;
  }
  return r;
}

View contiguous_view(char* data, ScalarType dtype, int rank, const int64_t* sizes) {
  View v;
  v.data = data;
  v.dtype = dtype;
  v.rank = rank;
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    v.sizes[d] = sizes[d];
    v.strides[d] = stride;
    stride *= sizes[d] > 0 ? sizes[d] : 1;
  }
  return v;
}

}  // namespace portable
}  // namespace wick
