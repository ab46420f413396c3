// The portable op family: PyTorch-exact reference kernels for aten
// out-variants and the dim_order ops.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace portable {

OpTable op_table();

}  // namespace portable
}  // namespace wick
