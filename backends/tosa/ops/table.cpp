// TABLE: i8 -> i8 lookup of table[x + 128] (256 entries), and i16 -> i32
// interpolation in 16.7 fixed point over a 513-entry int16 table.
#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {
namespace {

void table_i8(size_t numel, const int8_t* in, const int8_t* table, int8_t* out) {
  for (size_t i = 0; i < numel; ++i) out[i] = table[in[i] + 128];
}

void table_i16(size_t numel, const int16_t* in, const int16_t* table, int32_t* out) {
  for (size_t i = 0; i < numel; ++i) {
    const int32_t x = in[i];
    const int32_t index = (x + 32768) >> 7;
    const int32_t fraction = x & 0x7F;
    const int32_t base = table[index];
    const int32_t slope = table[index + 1] - base;
    out[i] = base * 128 + slope * fraction;
  }
}

}  // namespace

Error op_table(const OpArgs& args, Phase phase) {
  WICK_TRY(expect_arity(args, 2, 1));
  const TensorRef& in = args.in(0);
  const TensorRef& table = args.in(1);
  TensorRef& out = args.out();
  WICK_TRY(expect_same_shape(args, in, out, "input/output"));
  WICK_TRY(expect_constant(args, table, "table"));
  WICK_TRY(expect_rank(args, table, 1, "table"));
  if (in.dtype == fb::DType::INT8) {
    WICK_TRY(expect_dtype(args, table, fb::DType::INT8, "table"));
    WICK_TRY(expect_dtype(args, out, fb::DType::INT8, "output"));
    if (table.numel != 256) return op_error(args, "an i8 table needs 256 entries");
  } else if (in.dtype == fb::DType::INT16) {
    WICK_TRY(expect_dtype(args, table, fb::DType::INT16, "table"));
    WICK_TRY(expect_dtype(args, out, fb::DType::INT32, "output"));
    if (table.numel != 513) return op_error(args, "an i16 table needs 513 entries");
  } else {
    return op_error(args, "%s input is not implemented", dtype_name(in.dtype));
  }
  if (phase == Phase::Check) return Error::Ok;
  if (in.dtype == fb::DType::INT8) {
    table_i8(in.numel, in.as<int8_t>(), table.as<int8_t>(), out.as<int8_t>());
  } else {
    table_i16(in.numel, in.as<int16_t>(), table.as<int16_t>(), out.as<int32_t>());
  }
  return Error::Ok;
}

}  // namespace tosa
}  // namespace wick
