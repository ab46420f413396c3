#include "kernels/cortex_m/op_table.h"

#include "kernels/cortex_m/ops.h"

namespace wick {
namespace cortex_m {
namespace {

constexpr OpEntry kOps[] = {
    {"cortex_m::quantize_per_tensor.out", &quantize_per_tensor_out, nullptr},
    {"cortex_m::dequantize_per_tensor.out", &dequantize_per_tensor_out, nullptr},
    {"cortex_m::quantized_add.out", &quantized_add_out, nullptr},
    {"cortex_m::quantized_mul.out", &quantized_mul_out, nullptr},
    {"cortex_m::quantized_div.out", &quantized_div_out, nullptr},
    {"cortex_m::minimum.out", &minimum_out, nullptr},
    {"cortex_m::maximum.out", &maximum_out, nullptr},
    {"cortex_m::quantized_activation.out", &quantized_activation_out, nullptr},
    {"cortex_m::quantized_linear.out", &quantized_linear_out, nullptr, &prepare_quantized_linear},
    {"cortex_m::quantized_conv2d.out", &quantized_conv2d_out, nullptr},
    {"cortex_m::quantized_depthwise_conv2d.out", &quantized_depthwise_conv2d_out, nullptr},
    {"cortex_m::quantized_transpose_conv2d.out", &quantized_transpose_conv2d_out, nullptr},
    {"cortex_m::quantized_avg_pool2d.out", &quantized_avg_pool2d_out, nullptr},
    {"cortex_m::quantized_max_pool2d.out", &quantized_max_pool2d_out, nullptr},
    {"cortex_m::quantized_batch_matmul.out", &quantized_batch_matmul_out, nullptr},
    {"cortex_m::softmax.out", &softmax_out, nullptr},
    {"cortex_m::pad.out", &pad_out, nullptr},
    {"cortex_m::transpose.out", &transpose_out, nullptr},
};

}  // namespace

OpTable op_table() { return OpTable(kOps, sizeof(kOps) / sizeof(kOps[0])); }

}  // namespace cortex_m
}  // namespace wick
