// Checks and lookups shared by the operator implementations.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backends/tosa/ops/op.h"
#include "wick/log.h"

namespace wick {
namespace tosa {

const char* op_name(fb::Op op) {
  const char* name = fb::EnumNameOp(op);
  return name[0] != '\0' ? name : "UNKNOWN";
}

Error op_error(const OpArgs& args, const char* fmt, ...) {
  char message[160];
  va_list list;
  va_start(list, fmt);
  vsnprintf(message, sizeof(message), fmt, list);
  va_end(list);
  const char* output = args.num_outputs > 0 ? args.outputs[0]->name : "?";
  WICK_LOG(Error, "TOSA %s -> %s: %s", op_name(args.op), output, message);
  return Error::InvalidProgram;
}

ShapeText::ShapeText(const TensorRef& t) {
  size_t used = 0;
  text[0] = '\0';
  for (int d = 0; d < t.rank && used < sizeof(text); ++d) {
    const int n = snprintf(text + used, sizeof(text) - used, d == 0 ? "%ld" : "x%ld",
                           static_cast<long>(t.shape[d]));
    if (n < 0) break;
    used += static_cast<size_t>(n);
  }
}

Error expect_arity(const OpArgs& args, size_t num_inputs, size_t num_outputs) {
  if (args.num_inputs != num_inputs || args.num_outputs != num_outputs) {
    return op_error(args, "expects %lu inputs and %lu outputs, has %lu and %lu",
                    static_cast<unsigned long>(num_inputs), static_cast<unsigned long>(num_outputs),
                    static_cast<unsigned long>(args.num_inputs),
                    static_cast<unsigned long>(args.num_outputs));
  }
  return Error::Ok;
}

Error expect_dtype(const OpArgs& args, const TensorRef& t, fb::DType dtype, const char* what) {
  if (t.dtype != dtype) {
    return op_error(args, "%s '%s' is %s, expected %s", what, t.name, dtype_name(t.dtype),
                    dtype_name(dtype));
  }
  return Error::Ok;
}

Error expect_same_shape(const OpArgs& args, const TensorRef& a, const TensorRef& b,
                        const char* what) {
  bool same = a.rank == b.rank;
  for (int i = 0; same && i < a.rank; ++i) same = a.shape[i] == b.shape[i];
  if (!same) return op_error(args, "%s: shapes of '%s' and '%s' differ", what, a.name, b.name);
  return Error::Ok;
}

Error expect_rank(const OpArgs& args, const TensorRef& t, int rank, const char* what) {
  if (t.rank != rank) {
    return op_error(args, "%s '%s' has rank %d, expected %d", what, t.name, t.rank, rank);
  }
  return Error::Ok;
}

Error expect_constant(const OpArgs& args, const TensorRef& t, const char* what) {
  if (t.storage != Storage::Constant) {
    return op_error(args, "%s '%s' must be a compile-time constant", what, t.name);
  }
  return Error::Ok;
}

int64_t constant_int(const TensorRef& t, size_t i) {
  switch (t.dtype) {
    case fb::DType::BOOL:
      return t.as<uint8_t>()[i] != 0;
    case fb::DType::INT8:
      return t.as<int8_t>()[i];
    case fb::DType::INT16:
      return t.as<int16_t>()[i];
    case fb::DType::INT32:
      return t.as<int32_t>()[i];
    case fb::DType::INT48:
    case fb::DType::SHAPE:
      return t.as<int64_t>()[i];
    default:
      return 0;
  }
}

Error attribute_ints(const OpArgs& args, const flatbuffers::Vector<int32_t>* v, size_t n,
                     const char* what, int32_t* out) {
  if (v == nullptr || v->size() != n) {
    return op_error(args, "attribute %s needs %lu values, has %lu", what,
                    static_cast<unsigned long>(n),
                    static_cast<unsigned long>(v == nullptr ? 0 : v->size()));
  }
  for (size_t i = 0; i < n; ++i) out[i] = v->Get(static_cast<flatbuffers::uoffset_t>(i));
  return Error::Ok;
}

OpFn find_op(fb::Op op) {
  switch (op) {
    case fb::Op::RESCALE:
      return &op_rescale;
    case fb::Op::CONV2D:
      return &op_conv2d;
    case fb::Op::DEPTHWISE_CONV2D:
      return &op_depthwise_conv2d;
    case fb::Op::TRANSPOSE_CONV2D:
      return &op_transpose_conv2d;
    case fb::Op::MATMUL:
      return &op_matmul;
    case fb::Op::AVG_POOL2D:
      return &op_avg_pool2d;
    case fb::Op::MAX_POOL2D:
      return &op_max_pool2d;
    case fb::Op::TABLE:
      return &op_table;
    case fb::Op::ADD:
    case fb::Op::SUB:
    case fb::Op::MUL:
    case fb::Op::MAXIMUM:
    case fb::Op::MINIMUM:
      return &op_elementwise_binary;
    case fb::Op::ABS:
    case fb::Op::NEGATE:
    case fb::Op::SIGMOID:
    case fb::Op::TANH:
    case fb::Op::ERF:
    case fb::Op::EXP:
    case fb::Op::LOG:
    case fb::Op::RECIPROCAL:
    case fb::Op::RSQRT:
    case fb::Op::FLOOR:
    case fb::Op::CEIL:
    case fb::Op::SIN:
    case fb::Op::COS:
      return &op_elementwise_unary;
    case fb::Op::CLAMP:
      return &op_clamp;
    case fb::Op::CAST:
      return &op_cast;
    case fb::Op::RESHAPE:
    case fb::Op::IDENTITY:
      return &op_reshape;
    case fb::Op::TRANSPOSE:
      return &op_transpose;
    case fb::Op::CONCAT:
      return &op_concat;
    case fb::Op::PAD:
      return &op_pad;
    case fb::Op::SLICE:
      return &op_slice;
    case fb::Op::REDUCE_SUM:
    case fb::Op::REDUCE_MAX:
    case fb::Op::REDUCE_MIN:
      return &op_reduce;
    case fb::Op::ARGMAX:
      return &op_argmax;
    default:
      return nullptr;
  }
}

}  // namespace tosa
}  // namespace wick
