#include "kernels/cortex_m/mve/op_table.h"

#include "kernels/cortex_m/mve/ops.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

constexpr OpEntry kOps[] = {
    {"cortex_m::quantized_add.out", &quantized_add_out, nullptr},
    {"cortex_m::quantized_mul.out", &quantized_mul_out, nullptr},
    {"cortex_m::quantized_linear.out", &quantized_linear_out, nullptr, &prepare_quantized_linear},
    {"cortex_m::quantized_conv2d.out", &quantized_conv2d_out, nullptr},
    {"cortex_m::quantized_depthwise_conv2d.out", &quantized_depthwise_conv2d_out, nullptr},
    {"cortex_m::quantized_avg_pool2d.out", &quantized_avg_pool2d_out, nullptr},
    {"cortex_m::quantized_max_pool2d.out", &quantized_max_pool2d_out, nullptr},
    {"cortex_m::softmax.out", &softmax_out, nullptr},
    {"cortex_m::pad.out", &pad_out, nullptr},
};

}  // namespace

OpTable op_table() { return OpTable(kOps, sizeof(kOps) / sizeof(kOps[0])); }

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
