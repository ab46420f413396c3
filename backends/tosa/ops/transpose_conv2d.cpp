// TRANSPOSE_CONV2D: each output position gathers the taps whose input
// position (oy - out_pad_top - ky) / stride is integral and inside the input.
#include "backends/tosa/ops/conv_common.h"

namespace wick {
namespace tosa {
namespace {

struct TransposeConvParams {
  int32_t n, ih, iw, ic, oh, ow, oc, kh, kw;
  int32_t out_pad_top, out_pad_left, stride_y, stride_x;
  int32_t input_zp, weight_zp;
  bool per_channel_bias;
};

template <typename In, typename Acc>
void transpose_conv2d(const TransposeConvParams& p, const In* in, const In* weight, const Acc* bias,
                      Acc* out) {
  for (int32_t n = 0; n < p.n; ++n) {
    for (int32_t oy = 0; oy < p.oh; ++oy) {
      for (int32_t ox = 0; ox < p.ow; ++ox) {
        for (int32_t oc = 0; oc < p.oc; ++oc) {
          Acc acc = 0;
          for (int32_t ky = 0; ky < p.kh; ++ky) {
            const int32_t ny = oy - p.out_pad_top - ky;
            if (ny < 0 || ny % p.stride_y != 0 || ny / p.stride_y >= p.ih) continue;
            const int32_t y = ny / p.stride_y;
            for (int32_t kx = 0; kx < p.kw; ++kx) {
              const int32_t nx = ox - p.out_pad_left - kx;
              if (nx < 0 || nx % p.stride_x != 0 || nx / p.stride_x >= p.iw) continue;
              const int32_t x = nx / p.stride_x;
              const In* a = in + ((static_cast<size_t>(n) * p.ih + y) * p.iw + x) * p.ic;
              const In* w = weight + ((static_cast<size_t>(oc) * p.kh + ky) * p.kw + kx) * p.ic;
              for (int32_t c = 0; c < p.ic; ++c) {
                acc = acc_add(acc, acc_mul(static_cast<Acc>(a[c]) - static_cast<Acc>(p.input_zp),
                                           static_cast<Acc>(w[c]) - static_cast<Acc>(p.weight_zp)));
              }
            }
          }
          out[((static_cast<size_t>(n) * p.oh + oy) * p.ow + ox) * p.oc + oc] =
              acc_add(acc, bias[p.per_channel_bias ? oc : 0]);
        }
      }
    }
  }
}

}  // namespace

Error op_transpose_conv2d(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 5, 1));
  const auto* attr = attribute<fb::TransposeConv2dAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing TransposeConv2dAttribute");
  const TensorRef& in = args.in(0);
  const TensorRef& weight = args.in(1);
  TensorRef& out = args.out();
  WICK_TRY(expect_rank(args, in, 4, "input"));
  WICK_TRY(expect_rank(args, weight, 4, "weight"));
  WICK_TRY(expect_rank(args, out, 4, "output"));
  ConvOperands operands;
  WICK_TRY(check_conv_operands(args, attr->acc_type(), weight.shape[0], &operands));
  int32_t out_pad[4], stride[2];
  WICK_TRY(attribute_ints(args, attr->out_pad(), 4, "out_pad", out_pad));
  WICK_TRY(attribute_ints(args, attr->stride(), 2, "stride", stride));
  const int32_t kh = weight.shape[1];
  const int32_t kw = weight.shape[2];
  if (stride[0] < 1 || stride[1] < 1 || out_pad[0] <= -kh || out_pad[1] <= -kh ||
      out_pad[2] <= -kw || out_pad[3] <= -kw) {
    return op_error(args, "stride below 1 or out_pad not greater than -kernel");
  }
  TransposeConvParams p{in.shape[0],  in.shape[1],       in.shape[2],        in.shape[3],
                        out.shape[1], out.shape[2],      out.shape[3],       kh,
                        kw,           out_pad[0],        out_pad[2],         stride[0],
                        stride[1],    operands.input_zp, operands.weight_zp, args.in(2).numel != 1};
  const int64_t oh = int64_t{p.ih - 1} * p.stride_y + out_pad[0] + out_pad[1] + kh;
  const int64_t ow = int64_t{p.iw - 1} * p.stride_x + out_pad[2] + out_pad[3] + kw;
  if (weight.shape[3] != p.ic || out.shape[0] != p.n || weight.shape[0] != p.oc || oh != p.oh ||
      ow != p.ow) {
    return op_error(args, "input, weight and output shapes disagree (expected %ldx%ld output)",
                    static_cast<long>(oh), static_cast<long>(ow));
  }
  if (phase == Phase::Check) return Error::Ok;
  if (operands.is_float) {
    transpose_conv2d(p, in.as<float>(), weight.as<float>(), args.in(2).as<float>(),
                     out.as<float>());
  } else {
    transpose_conv2d(p, in.as<int8_t>(), weight.as<int8_t>(), args.in(2).as<int32_t>(),
                     out.as<int32_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
