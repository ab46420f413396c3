// Walking an output shape with equal-rank inputs whose size-1 dimensions
// broadcast (tosa.md section 7): offsets are advanced incrementally.
#pragma once

#include "backends/tosa/ops/op.h"

namespace wick {
namespace tosa {

struct BroadcastShape {
  int rank = 0;
  int32_t out[kMaxRank] = {};
  // Element strides of each input along each output dimension (0 when broadcast).
  size_t stride[3][kMaxRank] = {};
};

// ERROR_IF unless every input has the output's rank and each dimension equals
// the output's or is 1 (and the output is the broadcast shape).
inline Error make_broadcast(const OpArgs& args, size_t num_inputs, BroadcastShape* b) {
  const TensorRef& out = args.out();
  b->rank = out.rank;
  for (int d = 0; d < out.rank; ++d) b->out[d] = out.shape[d];
  for (size_t i = 0; i < num_inputs; ++i) {
    const TensorRef& in = args.in(i);
    if (in.rank != out.rank) {
      return op_error(args, "input %lu has a different rank", static_cast<unsigned long>(i));
    }
    size_t stride = 1;
    for (int d = out.rank - 1; d >= 0; --d) {
      if (in.shape[d] != out.shape[d] && in.shape[d] != 1) {
        return op_error(args, "input %lu (%s) does not broadcast to %s",
                        static_cast<unsigned long>(i), ShapeText(in).c_str(),
                        ShapeText(out).c_str());
      }
      b->stride[i][d] = in.shape[d] == 1 ? 0 : stride;
      stride *= static_cast<size_t>(in.shape[d]);
    }
  }
  for (int d = 0; d < out.rank; ++d) {
    bool reached = false;
    for (size_t i = 0; i < num_inputs; ++i) {
      reached = reached || args.in(i).shape[d] == out.shape[d];
    }
    if (!reached) return op_error(args, "output dimension %d is not the broadcast size", d);
  }
  return Error::Ok;
}

// Calls fn(out_index, offset0, offset1, offset2) for every output element.
template <typename Fn>
void for_each_broadcast(const BroadcastShape& b, size_t numel, Fn fn) {
  int32_t index[kMaxRank] = {};
  size_t offset[3] = {0, 0, 0};
  for (size_t i = 0; i < numel; ++i) {
    fn(i, offset[0], offset[1], offset[2]);
    for (int d = b.rank - 1; d >= 0; --d) {
      for (int k = 0; k < 3; ++k) offset[k] += b.stride[k][d];
      if (++index[d] < b.out[d]) break;
      for (int k = 0; k < 3; ++k) offset[k] -= b.stride[k][d] * static_cast<size_t>(b.out[d]);
      index[d] = 0;
    }
  }
}

}  // namespace tosa
}  // namespace wick
