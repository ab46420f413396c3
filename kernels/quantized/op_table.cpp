#include "kernels/quantized/op_table.h"

#include "kernels/quantized/ops.h"

namespace wick {
namespace quantized {
namespace {

constexpr OpEntry kOps[] = {
    {"quantized_decomposed::quantize_per_tensor.out", &quantize_per_tensor_out, nullptr},
    {"quantized_decomposed::quantize_per_tensor.Tensor_out", &quantize_per_tensor_tensor_out,
     nullptr},
    {"quantized_decomposed::dequantize_per_tensor.out", &dequantize_per_tensor_out, nullptr},
    {"quantized_decomposed::dequantize_per_tensor.Tensor_out", &dequantize_per_tensor_tensor_out,
     nullptr},
    {"quantized_decomposed::quantize_per_channel.out", &quantize_per_channel_out, nullptr},
    {"quantized_decomposed::dequantize_per_channel.out", &dequantize_per_channel_out, nullptr},
};

}  // namespace

OpTable op_table() { return OpTable(kOps, sizeof(kOps) / sizeof(kOps[0])); }

}  // namespace quantized
}  // namespace wick
