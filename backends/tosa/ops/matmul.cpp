// MATMUL: A[N,H,C] x B[N,C,W] -> [N,H,W]; i8 with zero points -> i32, fp32.
#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

struct MatmulParams {
  int32_t n, h, c, w;
  int32_t a_zp, b_zp;
};

template <typename In, typename Acc>
void matmul(const MatmulParams& p, const In* a, const In* b, Acc* out) {
  for (int32_t n = 0; n < p.n; ++n) {
    const In* an = a + static_cast<size_t>(n) * p.h * p.c;
    const In* bn = b + static_cast<size_t>(n) * p.c * p.w;
    for (int32_t y = 0; y < p.h; ++y) {
      for (int32_t x = 0; x < p.w; ++x) {
        Acc acc = 0;
        for (int32_t k = 0; k < p.c; ++k) {
          acc = acc_add(acc, acc_mul(static_cast<Acc>(an[y * p.c + k]) - static_cast<Acc>(p.a_zp),
                                     static_cast<Acc>(bn[k * p.w + x]) - static_cast<Acc>(p.b_zp)));
        }
        out[(static_cast<size_t>(n) * p.h + y) * p.w + x] = acc;
      }
    }
  }
}

}  // namespace

Error op_matmul(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 4, 1));
  const TensorRef& a = args.in(0);
  const TensorRef& b = args.in(1);
  TensorRef& out = args.out();
  WICK_TRY(expect_rank(args, a, 3, "A"));
  WICK_TRY(expect_rank(args, b, 3, "B"));
  WICK_TRY(expect_rank(args, out, 3, "output"));
  const bool is_float = a.dtype == fb::DType::FP32;
  if (!(is_float && out.dtype == fb::DType::FP32) &&
      !(a.dtype == fb::DType::INT8 && out.dtype == fb::DType::INT32)) {
    return op_error(args, "type mode %s -> %s is not implemented", dtype_name(a.dtype),
                    dtype_name(out.dtype));
  }
  WICK_TRY(expect_dtype(args, b, a.dtype, "B"));
  for (int i = 2; i < 4; ++i) {
    WICK_TRY(expect_dtype(args, args.in(i), a.dtype, "zero point"));
    WICK_TRY(expect_constant(args, args.in(i), "zero point"));
    if (args.in(i).numel != 1) return op_error(args, "zero points need one value");
  }
  MatmulParams p{a.shape[0], a.shape[1], a.shape[2], b.shape[2], 0, 0};
  if (b.shape[0] != p.n || b.shape[1] != p.c || out.shape[0] != p.n || out.shape[1] != p.h ||
      out.shape[2] != p.w) {
    return op_error(args, "A %s, B %s and output %s disagree", ShapeText(a).c_str(),
                    ShapeText(b).c_str(), ShapeText(out).c_str());
  }
  if (is_float) {
    if (args.in(2).as<float>()[0] != 0.0f || args.in(3).as<float>()[0] != 0.0f) {
      return op_error(args, "fp32 zero points must be 0");
    }
  } else {
    p.a_zp = static_cast<int32_t>(constant_int(args.in(2), 0));
    p.b_zp = static_cast<int32_t>(constant_int(args.in(3), 0));
  }
  if (phase == Phase::Check) return Error::Ok;
  if (is_float) {
    matmul(p, a.as<float>(), b.as<float>(), out.as<float>());
  } else {
    matmul(p, a.as<int8_t>(), b.as<int8_t>(), out.as<int32_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
