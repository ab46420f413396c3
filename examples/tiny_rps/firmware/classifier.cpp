#include "examples/tiny_rps/firmware/classifier.h"

#include <math.h>

#include "platform/cortex_m/platform.h"
#include "wick/log.h"
#include "wick/tensor.h"

namespace tiny_rps {
namespace {

float g_input[kPixels];

bool is_float_tensor(const wick::EValue& value, const int32_t* sizes, int dim) {
  if (!value.is_tensor()) return false;
  const wick::Tensor& t = value.to_tensor();
  if (t.dtype != wick::ScalarType::Float || t.dim != dim) return false;
  for (int d = 0; d < dim; ++d) {
    if (t.sizes[d] != sizes[d]) return false;
  }
  return true;
}

}  // namespace

wick::Error check_signature(const wick::Method& method) {
  static const int32_t kInput[] = {1, 1, kSide, kSide};
  static const int32_t kOutput[] = {1, kNumClasses};
  if (method.num_inputs() != 1 || method.num_outputs() != 1) {
    WICK_LOG(Error, "tiny_rps: the method has %u inputs and %u outputs, expected 1 and 1",
             static_cast<unsigned>(method.num_inputs()),
             static_cast<unsigned>(method.num_outputs()));
    return wick::Error::InvalidProgram;
  }
  if (!is_float_tensor(method.input(0), kInput, 4)) {
    WICK_LOG(Error, "tiny_rps: input 0 is not a float [1, 1, 28, 28] tensor");
    return wick::Error::InvalidProgram;
  }
  if (!is_float_tensor(method.output(0), kOutput, 2)) {
    WICK_LOG(Error, "tiny_rps: output 0 is not a float [1, 3] tensor");
    return wick::Error::InvalidProgram;
  }
  return wick::Error::Ok;
}

wick::Error classify(wick::Method& method, const uint8_t image[kPixels], Classification* out) {
  for (int i = 0; i < kPixels; ++i) g_input[i] = static_cast<float>(image[i]) / 255.0f;
  int32_t sizes[4] = {1, 1, kSide, kSide};
  uint8_t dim_order[4] = {0, 1, 2, 3};
  int32_t strides[4];
  wick::compute_strides(sizes, dim_order, 4, strides);
  wick::Tensor input;
  input.data = g_input;
  input.sizes = sizes;
  input.dim_order = dim_order;
  input.strides = strides;
  input.numel = kPixels;
  input.numel_bound = kPixels;
  input.dtype = wick::ScalarType::Float;
  input.dim = 4;
  WICK_TRY(method.set_input(0, input));

  const uint64_t start = wick::platform::instructions();
  const wick::Error status = method.execute();
  out->instructions = wick::platform::instructions_since(start);
  if (status != wick::Error::Ok) return status;

  const float* logits = method.output(0).to_tensor().data_as<const float>();
  int best = 0;
  for (int c = 0; c < kNumClasses; ++c) {
    out->logits[c] = logits[c];
    if (logits[c] > logits[best]) best = c;
  }
  float sum = 0.0f;
  for (int c = 0; c < kNumClasses; ++c) sum += expf(logits[c] - logits[best]);
  out->label = best;
  out->confidence_permille = static_cast<int>(1000.0f / sum + 0.5f);
  return wick::Error::Ok;
}

}  // namespace tiny_rps
