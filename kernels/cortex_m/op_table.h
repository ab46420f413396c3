// The cortex_m:: operator family: int8 reference kernels, NHWC, CMSIS-NN
// integer arithmetic. Place Helium tables before this one in a Registry.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace cortex_m {

OpTable op_table();

}  // namespace cortex_m
}  // namespace wick
