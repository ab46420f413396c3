// cortex_m::pad.out(Tensor input, int[] pre_pad, int[] post_pad, int pad_value,
//     *, Tensor(a!) out)
// 6 args. pre_pad/post_pad have 4 entries, one per dim of the input
// right-aligned to rank 4 (as arm_pad_s8's NHWC dims), so a rank-r input
// uses the last r entries and the leading 4 - r must be zero.
#include "kernels/cortex_m/binding.h"
#include "kernels/cortex_m/op_args.h"
#include "kernels/cortex_m/ops.h"
#include "kernels/cortex_m/pad_s8.h"
#include "wick/log.h"

namespace wick {
namespace cortex_m {
namespace {

constexpr int kPadRank = 4;
constexpr int64_t kMaxPad = 1 << 20;

}  // namespace

bool unpack_pad(KernelContext& ctx, Span<EValue*> args, PadArgs* a) {
  if (!check_arg_count(ctx, args, {6})) return false;
  Tensor* in = tensor_arg(ctx, args, 0, "input");
  Tensor* out = tensor_arg(ctx, args, 4, "out");
  int32_t pre[kPadRank];
  int32_t post[kPadRank];
  int32_t pad_value = 0;
  if (in == nullptr || out == nullptr ||
      !int_list_arg(ctx, args, 1, "pre_pad", kPadRank, 0, kMaxPad, pre) ||
      !int_list_arg(ctx, args, 2, "post_pad", kPadRank, 0, kMaxPad, post) ||
      !int_arg(ctx, args, 3, "pad_value", kInt8Min, kInt8Max, &pad_value) ||
      !check_dtype(ctx, *in, "input", ScalarType::Char) ||
      !check_dtype(ctx, *out, "out", ScalarType::Char)) {
    return false;
  }
  const int rank = in->dim;
  if (rank < 1 || rank > kPadRank || out->dim != rank) {
    WICK_LOG(Error, "%s: input rank %d (output rank %d) must be 1..4 and equal", ctx.op_name(),
             static_cast<int>(rank), static_cast<int>(out->dim));
    ctx.fail(Error::InvalidArgument);
    return false;
  }
  const int skipped = kPadRank - rank;
  for (int k = 0; k < skipped; ++k) {
    if (pre[k] != 0 || post[k] != 0) {
      WICK_LOG(Error, "%s: pad entry %d is non-zero but a rank-%d input has no such dim",
               ctx.op_name(), static_cast<int>(k), static_cast<int>(rank));
      ctx.fail(Error::InvalidArgument);
      return false;
    }
  }
  int32_t out_sizes[kPadRank];
  for (int d = 0; d < rank; ++d) {
    const int64_t size = int64_t{in->sizes[d]} + pre[skipped + d] + post[skipped + d];
    if (size > INT32_MAX) {
      WICK_LOG(Error, "%s: padded dim %d is too large", ctx.op_name(), static_cast<int>(d));
      ctx.fail(Error::InvalidArgument);
      return false;
    }
    out_sizes[d] = static_cast<int32_t>(size);
  }
  if (!set_output_sizes(ctx, *out, Span<const int32_t>(out_sizes, static_cast<size_t>(rank)))) {
    return false;
  }
  StridedShape shape{};
  shape.rank = rank;
  int64_t window_offset = 0;
  for (int d = 0; d < rank; ++d) {
    shape.sizes[d] = in->sizes[d];
    shape.strides[0][d] = in->strides[d];
    shape.strides[2][d] = out->strides[d];
    window_offset += int64_t{pre[skipped + d]} * out->strides[d];
  }
  *a = PadArgs{shape,         in->data_as<const int8_t>(),      out->data_as<int8_t>(),
               window_offset, static_cast<int64_t>(out->numel), static_cast<int8_t>(pad_value)};
  return true;
}

void pad_out(KernelContext& ctx, Span<EValue*> args) {
  PadArgs a{};
  if (!unpack_pad(ctx, args, &a)) return;
  pad_s8(a.shape, a.input, a.output, a.window_offset, a.output_count, a.pad_value);
}

}  // namespace cortex_m
}  // namespace wick
