#include "kernels/quantized/qparams.h"

#include "kernels/cortex_m/binding.h"
#include "wick/log.h"

namespace wick {
namespace quantized {
namespace {

bool fail_invalid(KernelContext& ctx) {
  ctx.fail(Error::InvalidArgument);
  return false;
}

}  // namespace

bool check_quant_range(KernelContext& ctx, int64_t dtype, int64_t quant_min, int64_t quant_max) {
  int64_t lo = 0;
  int64_t hi = 0;
  switch (static_cast<ScalarType>(dtype)) {
    case ScalarType::Byte:
      lo = 0;
      hi = UINT8_MAX;
      break;
    case ScalarType::Char:
      lo = INT8_MIN;
      hi = INT8_MAX;
      break;
    case ScalarType::Short:
      lo = INT16_MIN;
      hi = INT16_MAX;
      break;
    case ScalarType::Int:
      lo = INT32_MIN;
      hi = INT32_MAX;
      break;
    default:
      WICK_LOG(Error, "%s: quantized dtype %lld is not uint8, int8, int16 or int32", ctx.op_name(),
               static_cast<long long>(dtype));
      return fail_invalid(ctx);
  }
  if (quant_min < lo || quant_max > hi || quant_min > quant_max) {
    WICK_LOG(Error, "%s: quant range [%lld, %lld] is not inside [%lld, %lld]", ctx.op_name(),
             static_cast<long long>(quant_min), static_cast<long long>(quant_max),
             static_cast<long long>(lo), static_cast<long long>(hi));
    return fail_invalid(ctx);
  }
  return true;
}

bool scalar_tensor_double(KernelContext& ctx, const Tensor& t, const char* name, double* out) {
  if (t.numel == 1 && t.dtype == ScalarType::Float) {
    *out = *t.data_as<const float>();
    return true;
  }
  if (t.numel == 1 && t.dtype == ScalarType::Double) {
    *out = *t.data_as<const double>();
    return true;
  }
  WICK_LOG(Error, "%s: %s must be a one-element float32/float64 tensor", ctx.op_name(), name);
  return fail_invalid(ctx);
}

bool scalar_tensor_int(KernelContext& ctx, const Tensor& t, const char* name, int64_t* out) {
  if (t.numel == 1 && t.dtype == ScalarType::Int) {
    *out = *t.data_as<const int32_t>();
    return true;
  }
  if (t.numel == 1 && t.dtype == ScalarType::Long) {
    *out = *t.data_as<const int64_t>();
    return true;
  }
  WICK_LOG(Error, "%s: %s must be a one-element int32/int64 tensor", ctx.op_name(), name);
  return fail_invalid(ctx);
}

bool channel_blocks(KernelContext& ctx, const Tensor& t, int64_t axis, ChannelBlocks* blocks) {
  if (axis < 0) axis += t.dim;
  if (axis < 0 || axis >= t.dim) {
    WICK_LOG(Error, "%s: axis %lld is out of range for rank %d", ctx.op_name(),
             static_cast<long long>(axis), static_cast<int>(t.dim));
    return fail_invalid(ctx);
  }
  const size_t channels = static_cast<size_t>(t.sizes[axis]);
  const size_t inner = channels == 0 ? 0 : static_cast<size_t>(t.strides[axis]);
  if (channels == 0 || t.numel == 0) {
    *blocks = ChannelBlocks{0, channels, 0};
    return true;
  }
  if (inner == 0 || t.numel % (inner * channels) != 0) {
    WICK_LOG(Error, "%s: tensor is not dense around axis %lld", ctx.op_name(),
             static_cast<long long>(axis));
    return fail_invalid(ctx);
  }
  *blocks = ChannelBlocks{t.numel / (inner * channels), channels, inner};
  return true;
}

bool dequantize_output_dtype(KernelContext& ctx, const EValue& out_dtype, const Tensor& out) {
  const ScalarType wanted =
      out_dtype.is_none() ? ScalarType::Float : static_cast<ScalarType>(out_dtype.scalar_as_int());
  if ((!out_dtype.is_none() && !out_dtype.is_int()) ||
      (wanted != ScalarType::Float && wanted != ScalarType::Double) || out.dtype != wanted) {
    WICK_LOG(Error, "%s: out_dtype must be None, float32 or float64 and match out (dtype %d)",
             ctx.op_name(), static_cast<int>(out.dtype));
    return fail_invalid(ctx);
  }
  return true;
}

}  // namespace quantized
}  // namespace wick
