// DEPTHWISE_CONV2D: NHWC input, HWCM weight, output channel c*M + m.
#include "backends/tosa/ops/conv_common.h"

namespace wick {
namespace tosa {
namespace {

struct DepthwiseParams {
  int32_t n, ih, iw, c, m, oh, ow, kh, kw;
  int32_t pad_top, pad_left, stride_y, stride_x, dilation_y, dilation_x;
  int32_t input_zp, weight_zp;
  bool per_channel_bias;
};

template <typename In, typename Acc, typename Sink>
void depthwise_conv2d(const DepthwiseParams& p, const In* in, const In* weight, const Acc* bias,
                      Sink out) {
  const int32_t oc_total = p.c * p.m;
  for (int32_t n = 0; n < p.n; ++n) {
    for (int32_t oy = 0; oy < p.oh; ++oy) {
      for (int32_t ox = 0; ox < p.ow; ++ox) {
        for (int32_t c = 0; c < p.c; ++c) {
          for (int32_t m = 0; m < p.m; ++m) {
            Acc acc = 0;
            for (int32_t ky = 0; ky < p.kh; ++ky) {
              const int32_t y = oy * p.stride_y - p.pad_top + ky * p.dilation_y;
              if (y < 0 || y >= p.ih) continue;
              for (int32_t kx = 0; kx < p.kw; ++kx) {
                const int32_t x = ox * p.stride_x - p.pad_left + kx * p.dilation_x;
                if (x < 0 || x >= p.iw) continue;
                const In a = in[((static_cast<size_t>(n) * p.ih + y) * p.iw + x) * p.c + c];
                const In w = weight[((static_cast<size_t>(ky) * p.kw + kx) * p.c + c) * p.m + m];
                acc = acc_add(acc, acc_mul(static_cast<Acc>(a) - static_cast<Acc>(p.input_zp),
                                           static_cast<Acc>(w) - static_cast<Acc>(p.weight_zp)));
              }
            }
            const int32_t oc = c * p.m + m;
            out(((static_cast<size_t>(n) * p.oh + oy) * p.ow + ox) * oc_total + oc, oc,
                acc_add(acc, bias[p.per_channel_bias ? oc : 0]));
          }
        }
      }
    }
  }
}

}  // namespace

Error op_depthwise_conv2d(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 5, 1));
  const auto* attr = attribute<fb::DepthwiseConv2dAttribute>(args);
  if (attr == nullptr) return op_error(args, "missing DepthwiseConv2dAttribute");
  const TensorRef& in = args.in(0);
  const TensorRef& weight = args.in(1);
  TensorRef& out = args.out();
  WICK_TRY(expect_rank(args, in, 4, "input"));
  WICK_TRY(expect_rank(args, weight, 4, "weight"));
  WICK_TRY(expect_rank(args, out, 4, "output"));
  ConvOperands operands;
  WICK_TRY(check_conv_operands(args, attr->acc_type(), out.shape[3], &operands));
  ConvWindow window;
  WICK_TRY(read_conv_window(args, *attr, &window));
  const int32_t* pad = window.pad;
  const int32_t* stride = window.stride;
  const int32_t* dilation = window.dilation;
  DepthwiseParams p{in.shape[0],
                    in.shape[1],
                    in.shape[2],
                    in.shape[3],
                    weight.shape[3],
                    out.shape[1],
                    out.shape[2],
                    weight.shape[0],
                    weight.shape[1],
                    pad[0],
                    pad[2],
                    stride[0],
                    stride[1],
                    dilation[0],
                    dilation[1],
                    operands.input_zp,
                    operands.weight_zp,
                    args.in(2).numel != 1};
  if (weight.shape[2] != p.c || out.shape[0] != p.n ||
      static_cast<int64_t>(out.shape[3]) != int64_t{p.c} * p.m ||
      !conv_output_size_ok(p.ih, pad[0], pad[1], p.kh, p.stride_y, p.dilation_y, p.oh) ||
      !conv_output_size_ok(p.iw, pad[2], pad[3], p.kw, p.stride_x, p.dilation_x, p.ow)) {
    return op_error(args, "input %s, weight %s and output %s disagree", ShapeText(in).c_str(),
                    ShapeText(weight).c_str(), ShapeText(out).c_str());
  }
  if (phase == Phase::Check) return Error::Ok;
  if (operands.is_float) {
    depthwise_conv2d(p, in.as<float>(), weight.as<float>(), args.in(2).as<float>(),
                     StoreSink<float>{out.as<float>()});
    return Error::Ok;
  }
  return run_int_conv(args, [&](auto sink) {
    depthwise_conv2d(p, in.as<int8_t>(), weight.as<int8_t>(), args.in(2).as<int32_t>(), sink);
  });
}

}  // namespace tosa
}  // namespace wick
