// What every TOSA operator implementation sees, and the helpers they share.
//
// Each operator is one function `Error op(const OpArgs&, Phase)`. With
// Phase::Check (delegate init) it runs the specification's ERROR_IF checks on
// dtypes, shapes, attributes and compile-time-constant inputs and returns;
// with Phase::Run (execute) it repeats the cheap checks and computes.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "backends/tosa/graph.h"
#include "wick/error.h"

namespace wick {
namespace tosa {

enum class Phase : uint8_t { Check, Run };

struct OpArgs {
  fb::Op op;
  const fb::TosaOperator* node;
  TensorRef* const* inputs;
  size_t num_inputs;
  TensorRef* const* outputs;
  size_t num_outputs;
  // Set on a CONV2D / DEPTHWISE_CONV2D whose int32 output feeds only this RESCALE:
  // the convolution then writes the RESCALE's output directly (graph.cpp).
  const OpArgs* fused_rescale = nullptr;

  TensorRef& in(size_t i) const { return *inputs[i]; }
  TensorRef& out(size_t i = 0) const { return *outputs[i]; }
};

using OpFn = Error (*)(const OpArgs& args, Phase phase);

// The implementation of `op`, or null when the interpreter lacks it.
OpFn find_op(fb::Op op);
const char* op_name(fb::Op op);

// Logs "TOSA <OP> -> <output>: <message>" and returns InvalidProgram.
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
Error op_error(const OpArgs& args, const char* fmt, ...);

// Checks input/output counts.
Error expect_arity(const OpArgs& args, size_t num_inputs, size_t num_outputs);
// Checks a tensor's dtype.
Error expect_dtype(const OpArgs& args, const TensorRef& t, fb::DType dtype, const char* what);
Error expect_same_shape(const OpArgs& args, const TensorRef& a, const TensorRef& b,
                        const char* what);
Error expect_rank(const OpArgs& args, const TensorRef& t, int rank, const char* what);
// A compile-time-constant input (EXT-DYNAMIC is not implemented).
Error expect_constant(const OpArgs& args, const TensorRef& t, const char* what);
// Element `i` of a constant integer (or SHAPE, BOOL) tensor, sign-extended.
int64_t constant_int(const TensorRef& t, size_t i);
// The attribute table when its tag matches the operator, else null.
template <typename T>
const T* attribute(const OpArgs& args) {
  return args.node->attribute_as<T>();
}
// Copies an int32 attribute vector of exactly `n` elements into `out`.
Error attribute_ints(const OpArgs& args, const flatbuffers::Vector<int32_t>* v, size_t n,
                     const char* what, int32_t* out);

// "1x28x28x3" for log messages (int32_t is long on some targets, so no %d).
struct ShapeText {
  explicit ShapeText(const TensorRef& t);
  const char* c_str() const { return text; }
  char text[8 * kMaxRank];
};

// Index helpers for row-major tensors.
inline size_t offset4(const TensorRef& t, int32_t a, int32_t b, int32_t c, int32_t d) {
  return ((static_cast<size_t>(a) * t.shape[1] + b) * t.shape[2] + c) * t.shape[3] + d;
}

// Integer arithmetic that the specification defines on wider types; the
// wrap-around results stand for its REQUIRE (unpredictable) cases without UB.
inline int32_t wrap_add32(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrap_sub32(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}
inline int32_t wrap_mul32(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}

// Accumulation in the operator's acc type: int32 wraps, float is IEEE.
inline int32_t acc_add(int32_t a, int32_t b) { return wrap_add32(a, b); }
inline float acc_add(float a, float b) { return a + b; }
inline int32_t acc_mul(int32_t a, int32_t b) { return wrap_mul32(a, b); }
inline float acc_mul(float a, float b) { return a * b; }

// Every operator the interpreter implements (one per file under ops/).
Error op_rescale(const OpArgs& args, Phase phase);
Error op_conv2d(const OpArgs& args, Phase phase);
Error op_depthwise_conv2d(const OpArgs& args, Phase phase);
Error op_transpose_conv2d(const OpArgs& args, Phase phase);
Error op_matmul(const OpArgs& args, Phase phase);
Error op_avg_pool2d(const OpArgs& args, Phase phase);
Error op_max_pool2d(const OpArgs& args, Phase phase);
Error op_table(const OpArgs& args, Phase phase);
Error op_elementwise_binary(const OpArgs& args, Phase phase);  // ADD SUB MUL MAXIMUM MINIMUM
Error op_elementwise_unary(const OpArgs& args, Phase phase);   // ABS NEGATE and fp functions
Error op_clamp(const OpArgs& args, Phase phase);
Error op_cast(const OpArgs& args, Phase phase);
Error op_reshape(const OpArgs& args, Phase phase);  // RESHAPE and IDENTITY
Error op_transpose(const OpArgs& args, Phase phase);
Error op_concat(const OpArgs& args, Phase phase);
Error op_pad(const OpArgs& args, Phase phase);
Error op_slice(const OpArgs& args, Phase phase);
Error op_reduce(const OpArgs& args, Phase phase);  // REDUCE_SUM REDUCE_MAX REDUCE_MIN
Error op_argmax(const OpArgs& args, Phase phase);

}  // namespace tosa
}  // namespace wick
