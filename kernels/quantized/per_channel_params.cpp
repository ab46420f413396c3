#include "kernels/quantized/per_channel_params.h"

#include "wick/log.h"

namespace wick {
namespace quantized {
namespace {

template <typename T>
const T* copy_scales(KernelContext& ctx, const T* scales, size_t channels, bool invert) {
  T* out = static_cast<T*>(ctx.allocate_temp(sizeof(T) * (channels == 0 ? 1 : channels), 8));
  if (out == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return nullptr;
  }
  for (size_t c = 0; c < channels; ++c) out[c] = invert ? T(1) / scales[c] : scales[c];
  return out;
}

}  // namespace

bool per_channel_scales(KernelContext& ctx, const Tensor& scales, size_t channels, bool invert,
                        const float** as_float, const double** as_double) {
  *as_float = nullptr;
  *as_double = nullptr;
  if (scales.numel != channels ||
      (scales.dtype != ScalarType::Float && scales.dtype != ScalarType::Double)) {
    WICK_LOG(Error, "%s: scales must be float32/float64 with %lu elements (has %lu)", ctx.op_name(),
             static_cast<unsigned long>(channels), static_cast<unsigned long>(scales.numel));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  if (scales.dtype == ScalarType::Float) {
    *as_float = copy_scales(ctx, scales.data_as<const float>(), channels, invert);
    return *as_float != nullptr;
  }
  *as_double = copy_scales(ctx, scales.data_as<const double>(), channels, invert);
  return *as_double != nullptr;
}

bool per_channel_zero_points(KernelContext& ctx, const Tensor* zero_points, size_t channels,
                             const int64_t** out) {
  if (zero_points != nullptr &&
      (zero_points->numel != channels ||
       (zero_points->dtype != ScalarType::Int && zero_points->dtype != ScalarType::Long))) {
    WICK_LOG(Error, "%s: zero_points must be int32/int64 with %lu elements (has %lu)",
             ctx.op_name(), static_cast<unsigned long>(channels),
             static_cast<unsigned long>(zero_points->numel));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  int64_t* values =
      static_cast<int64_t*>(ctx.allocate_temp(sizeof(int64_t) * (channels == 0 ? 1 : channels), 8));
  if (values == nullptr) {
    ctx.fail(Error::MemoryAllocationFailed);
    return false;
  }
  for (size_t c = 0; c < channels; ++c) {
    values[c] = zero_points == nullptr                   ? 0
                : zero_points->dtype == ScalarType::Long ? zero_points->data_as<const int64_t>()[c]
                                                         : zero_points->data_as<const int32_t>()[c];
  }
  *out = values;
  return true;
}

}  // namespace quantized
}  // namespace wick
