// Helium (MVE) entries for cortex_m:: operators. Executables on a Cortex-M55
// place this table BEFORE wick::cortex_m::op_table(), which supplies every
// operator not listed here.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace cortex_m {
namespace mve {

OpTable op_table();

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
